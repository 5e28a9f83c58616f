using Varlink.Idl;

namespace Varlink.Net.Tests.Idl;

public class IdlParseErrorTests
{
    public static TheoryData<string, int, int, string> InvalidDefinitions() => new()
    {
        { "", 1, 1, "expected 'interface'" },
        { "# only a comment\n", 2, 1, "expected 'interface'" },
        { "interface foo\n", 1, 11, "not a valid interface name" },
        { "interface org.example.a-\n", 1, 24, "unexpected character '-'" },
        { "interface 1org.example\n", 1, 11, "not a valid interface name" },
        { "interface org.example\ntype T (a: ??string)\n", 2, 13, "cannot be made nullable again" },
        { "interface org.example\ntype T (a: Missing)\n", 2, 12, "'Missing' is not a type declared" },
        { "interface org.example\nmethod M() -> ()\ntype T (a: M)\n", 3, 12, "'M' is not a type declared" },
        { "interface org.example\ntype t (a: int)\n", 2, 6, "not a valid type name" },
        { "interface org.example\ntype T (a: int)\nerror T ()\n", 3, 7, "already declared" },
        { "interface org.example\ntype T (a: int, a: string)\n", 2, 17, "'a' appears twice" },
        { "interface org.example\ntype T (a, b, a)\n", 2, 15, "'a' appears twice" },
        { "interface org.example\ntype T (a, b: int)\n", 2, 13, "cannot have a type" },
        { "interface org.example\ntype T (a: int, b)\n", 2, 18, "expected ':'" },
        { "interface org.example type T (a: int)\n", 1, 23, "expected a line break" },
        { "interface org.example\ntype A (a: int) type B (b: int)\n", 2, 17, "expected a line break" },
        { "interface org.example\ntype T (a: [int]string)\n", 2, 13, "map keys are always strings" },
        { "interface org.example\ntype T (a: int$)\n", 2, 15, "unexpected character '$'" },
        { "interface org.example\nmethod M() (a: int)\n", 2, 12, "expected '->'" },
        { "interface org.example\nmethod M(a, b) -> ()\n", 2, 9, "must be a struct" },
        { "interface org.example\ntype T string\n", 2, 8, "expected '('" },
        { "interface org.example\ntype T (a: int,)\n", 2, 16, "expected another field" },
        { "interface org.example\ntype T (a: int\n", 3, 1, "expected ',' or ')'" },
        { "interface org.example\ntype T (a: lowercase)\n", 2, 12, "unknown type 'lowercase'" },
        { "interface org.example\ntype T (a__b: int)\n", 2, 9, "not a valid field name" },
        { "interface org.example\nfunction F() -> ()\n", 2, 1, "expected 'type', 'method' or 'error'" },
        { "interface org.example\r\n\r\ntype T (a: ??int)\r\n", 3, 13, "nullable again" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void InvalidDefinitionThrowsWithLineAndColumn(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<VarlinkIdlException>(() => VarlinkInterfaceDefinition.Parse(text));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }
}
