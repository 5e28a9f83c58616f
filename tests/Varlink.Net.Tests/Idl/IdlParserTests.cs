using Varlink.Idl;

namespace Varlink.Net.Tests.Idl;

public class IdlParserTests
{
    private static VarlinkType FieldType(VarlinkInterfaceDefinition definition, string typeName, string fieldName) =>
        ((VarlinkStructType)definition.FindType(typeName)!.Type).FindField(fieldName)!.Type;

    [Fact]
    public void NullableArrayOfNullableMapOfAnonymousEnumParsesToNestedTypes()
    {
        var definition = VarlinkInterfaceDefinition.Parse(IdlTestFiles.CertificationText);

        var expected = new VarlinkNullableType(new VarlinkArrayType(new VarlinkNullableType(new VarlinkMapType(
            new VarlinkEnumType(new EquatableArray<VarlinkEnumMember>([new("foo"), new("bar"), new("baz")]))))));
        Assert.Equal(expected, FieldType(definition, "Interface", "foo"));
        Assert.Equal("?[]?[string](foo, bar, baz)", FieldType(definition, "Interface", "foo").ToString());
    }

    [Fact]
    public void EveryKindOfTypeParses()
    {
        var definition = VarlinkInterfaceDefinition.Parse(IdlTestFiles.CertificationText);

        Assert.Equal(VarlinkPrimitiveType.Object, FieldType(definition, "MyType", "object"));
        Assert.IsType<VarlinkEnumType>(FieldType(definition, "MyType", "enum"));
        Assert.Equal(new VarlinkArrayType(VarlinkPrimitiveType.String), FieldType(definition, "MyType", "array"));
        Assert.Equal(new VarlinkMapType(VarlinkPrimitiveType.String), FieldType(definition, "MyType", "dictionary"));
        var set = Assert.IsType<VarlinkMapType>(FieldType(definition, "MyType", "stringset"));
        Assert.True(set.IsSet);
        Assert.Equal(VarlinkMapType.Set, set);
        Assert.True(FieldType(definition, "MyType", "nullable").IsNullable);
        Assert.Equal(new VarlinkNamedType("Interface"), FieldType(definition, "MyType", "interface"));
        Assert.Equal("?[](first: int, second: string)", FieldType(definition, "MyType", "nullable_array_struct").ToString());
        Assert.Empty(definition.FindMethod("Test11")!.Output.Fields);
        Assert.Empty(definition.FindMethod("Start")!.Input.Fields);
        Assert.Empty(definition.FindError("ClientIdError")!.Parameters.Fields);
    }

    [Fact]
    public void AnyTypeAndEmptyStructTypedefParse()
    {
        var definition = VarlinkInterfaceDefinition.Parse("interface org.example.any\ntype Nothing ()\nmethod Echo(value: any) -> (value: any)\n");

        Assert.Equal(VarlinkStructType.Empty, definition.FindType("Nothing")!.Type);
        Assert.Equal(VarlinkPrimitiveType.Any, definition.FindMethod("Echo")!.Input.Fields[0].Type);
    }

    [Fact]
    public void DocCommentsAttachToInterfaceMembersFieldsAndEnumMembers()
    {
        const string text = """
            # The interface.
            #
            # Second paragraph.
            interface org.example.docs

            # A state.
            type State (
              # Doing nothing.
              idle,
              busy # Working.
            )

            # Gets it.
            method Get(
              # Which one.
              id: string, # The id.
              # Ignored when absent.
              flags: ?[]string
              # Trailing own-line comment before ')'.
            ) -> (state: State) # Trailing after the declaration.

            # Went wrong.
            error Failed (reason: string)
            """;

        var definition = VarlinkInterfaceDefinition.Parse(text);

        Assert.Equal("The interface.\n\nSecond paragraph.", definition.Documentation);
        var state = definition.FindType("State")!;
        Assert.Equal("A state.", state.Documentation);
        var members = ((VarlinkEnumType)state.Type).Members;
        Assert.Equal("Doing nothing.", members[0].Documentation);
        Assert.Equal("Working.", members[1].Documentation);
        var get = definition.FindMethod("Get")!;
        Assert.Equal("Gets it.\nTrailing after the declaration.", get.Documentation);
        Assert.Equal("Which one.\nThe id.", get.Input.FindField("id")!.Documentation);
        Assert.Equal("Ignored when absent.\nTrailing own-line comment before ')'.", get.Input.FindField("flags")!.Documentation);
        Assert.Equal("Went wrong.", definition.FindError("Failed")!.Documentation);
        Assert.Equal(definition, VarlinkInterfaceDefinition.Parse(definition.Format()));
    }

    [Fact]
    public void FormatWritesCanonicalText()
    {
        const string text = "#   Indented doc.\ninterface   org.example.fmt\ntype T(a:int,b:?[]( x : string ),c:[string](),e:(one,two))\n"
            + "method M  (  )->(  )\n# E doc\n\n# E doc 2\nerror E(reason:string,\n# why\nwhy:(\n# first\nfirst,second))\n# the end\n";

        var formatted = VarlinkInterfaceDefinition.Parse(text).Format();

        const string expected = """
            #   Indented doc.
            interface org.example.fmt

            type T (a: int, b: ?[](x: string), c: [string](), e: (one, two))

            method M() -> ()

            # E doc

            # E doc 2
            error E (
              reason: string,
              # why
              why: (
                # first
                first,
                second
              )
            )

            # the end

            """;
        Assert.Equal(expected, formatted);
    }

    [Fact]
    public void LongDeclarationsAreWrappedOneFieldPerLine()
    {
        var definition = VarlinkInterfaceDefinition.Parse(
            "interface org.example.wrap\nmethod LongOne(first_parameter: string, second_parameter: int, third_parameter: bool) -> (result: string)\n");

        Assert.Equal("""
            interface org.example.wrap

            method LongOne(
              first_parameter: string,
              second_parameter: int,
              third_parameter: bool
            ) -> (result: string)

            """, definition.Format());
    }

    [Fact]
    public void EqualityIgnoresLayoutAndPositionsButNotContent()
    {
        var compact = VarlinkInterfaceDefinition.Parse("interface org.example.eq\nmethod Ping(a: int) -> ()\n");
        var spread = VarlinkInterfaceDefinition.Parse("interface org.example.eq\r\n\r\n\r\nmethod Ping (\r\n    a : int\r\n) -> ( )");
        var different = VarlinkInterfaceDefinition.Parse("interface org.example.eq\nmethod Ping(a: ?int) -> ()\n");

        Assert.Equal(compact, spread);
        Assert.NotEqual(compact.Methods[0].Line, spread.Methods[0].Line);
        Assert.NotEqual(compact, different);
    }

    [Fact]
    public void LineBreaksOfEveryKindCountForPositions()
    {
        var definition = VarlinkInterfaceDefinition.Parse("interface org.example.lines\r\n\rtype A (a: int)\u2028type B (b: int)\u2029\ntype C (c: int)\n");

        Assert.Equal([3, 4, 6], definition.Types.Select(t => t.Line));
    }

    [Fact]
    public void KeywordNamedFieldsAndHyphenatedInterfaceNamesParse()
    {
        var definition = VarlinkInterfaceDefinition.Parse("interface org.my-example.a--b2\nmethod M(type: string, interface: int, method: bool, error: float) -> ()\n");

        Assert.Equal("org.my-example.a--b2", definition.Name);
        Assert.Equal(["type", "interface", "method", "error"], definition.Methods[0].Input.Fields.Select(f => f.Name));
    }

    [Fact]
    public void ModelBuiltInCodeFormatsAndParsesBack()
    {
        var method = new VarlinkMethod(
            "Hello",
            new VarlinkStructType(new EquatableArray<VarlinkField>([new("name", VarlinkPrimitiveType.String, "Who to greet.")])),
            new VarlinkStructType(new EquatableArray<VarlinkField>([new("greeting", VarlinkPrimitiveType.String)])),
            "Says hello.");
        var definition = new VarlinkInterfaceDefinition("org.example.hello", new EquatableArray<VarlinkMember>([method]));

        Assert.Equal(definition.Format(), definition.Text);
        Assert.Equal(definition, VarlinkInterfaceDefinition.Parse(definition.Text));
    }
}
