using System.Text.Json;
using Varlink.Idl;

namespace Varlink.Net.Tests.Idl;

public class VarlinkValidatorTests
{
    private static readonly VarlinkInterfaceDefinition Certification = VarlinkInterfaceDefinition.Parse(IdlTestFiles.CertificationText);

    // The Test09 reply as the Python and Rust reference servers send it.
    private const string MyType = """
        {"object":{"method":"org.varlink.certification.Test09","parameters":{"map":{"foo":"Foo","bar":"Bar"}}},
         "enum":"two","struct":{"first":1,"second":"2"},"array":["one","two","three"],
         "dictionary":{"foo":"Foo","bar":"Bar"},"stringset":{"one":{},"two":{},"three":{}},
         "nullable":null,"nullable_array_struct":null,
         "interface":{"foo":[null,{"foo":"foo","bar":"bar"},null,{"one":"foo","two":"bar"}],"anon":{"foo":true,"bar":false}}}
        """;

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static string Test10(string mytype) => $$"""{"client_id":"x","mytype":{{mytype}}}""";

    [Fact]
    public void ReferenceTest10ParametersAreValid()
    {
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Test10", Json(Test10(MyType))));
    }

    [Fact]
    public void AbsentNullableFieldsAreValid()
    {
        var withoutNullables = MyType.Replace("\"nullable\":null,\"nullable_array_struct\":null,", string.Empty, StringComparison.Ordinal);

        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Test10", Json(Test10(withoutNullables))));
    }

    public static TheoryData<string, string, string> InvalidValues() => new()
    {
        { "\"enum\":\"two\"", "\"enum\":\"four\"", "mytype.enum" },
        { "\"first\":1", "\"first\":1.5", "mytype.struct.first" },
        { "\"first\":1", "\"first\":\"1\"", "mytype.struct.first" },
        { "\"first\":1", "\"first\":9223372036854775808", "mytype.struct.first" },
        { "\"second\":\"2\"", "\"second\":2", "mytype.struct.second" },
        { "\"first\":1,", "", "mytype.struct.first" },
        { "\"first\":1,", "\"first\":1,\"third\":3,", "mytype.struct.third" },
        { "\"first\":1,", "\"first\":1,\"first\":1,", "mytype.struct.first" },
        { "[\"one\",\"two\",\"three\"]", "[\"one\",2,\"three\"]", "mytype.array[1]" },
        { "\"foo\":\"Foo\",\"bar\":\"Bar\"},\"stringset\"", "\"foo\":\"Foo\",\"bar\":null},\"stringset\"", "mytype.dictionary[bar]" },
        { "\"two\":{},\"three\":{}}", "\"two\":{\"x\":1},\"three\":{}}", "mytype.stringset[two].x" },
        { "\"nullable\":null", "\"nullable\":1", "mytype.nullable" },
        { "\"nullable_array_struct\":null", "\"nullable_array_struct\":[{\"first\":1}]", "mytype.nullable_array_struct[0].second" },
        { "{\"foo\":\"foo\",\"bar\":\"bar\"}", "{\"foo\":\"qux\"}", "mytype.interface.foo[1][foo]" },
        { "\"anon\":{\"foo\":true,\"bar\":false}", "\"anon\":{\"foo\":true,\"bar\":null}", "mytype.interface.anon.bar" },
        { "\"object\":{\"method\"", "\"object\":[{\"method\"", "mytype.object" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void FirstBadFieldIsNamedByItsPath(string find, string replace, string path)
    {
        Assert.Equal(path, VarlinkValidator.FindInvalidParameter(Certification, "Test10", Json(Test10Parameters(find, replace))));
    }

    /// <summary>The reference Test10 parameters with one edit from <see cref="InvalidValues"/>.</summary>
    internal static string Test10Parameters(string find, string replace)
    {
        Assert.Contains(find, MyType, StringComparison.Ordinal);
        var parameters = Test10(MyType.Replace(find, replace, StringComparison.Ordinal));
        if (replace.StartsWith("\"object\":[", StringComparison.Ordinal))
        {
            parameters = parameters.Replace("}}},", "}}}],", StringComparison.Ordinal);
        }

        return parameters;
    }

    [Fact]
    public void UnknownMissingAndMistypedTopLevelParametersAreNamed()
    {
        Assert.Equal("extra", VarlinkValidator.FindInvalidParameter(Certification, "Test02", Json("""{"client_id":"x","bool":true,"extra":1}""")));
        Assert.Equal("bool", VarlinkValidator.FindInvalidParameter(Certification, "Test02", Json("""{"client_id":"x"}""")));
        Assert.Equal("bool", VarlinkValidator.FindInvalidParameter(Certification, "Test02", Json("""{"client_id":"x","bool":"true"}""")));
        Assert.Equal("bool", VarlinkValidator.FindInvalidParameter(Certification, "Test02", Json("""{"client_id":"x","bool":null}""")));
        Assert.Equal("client_id", VarlinkValidator.FindInvalidParameter(Certification, "Test02", default));
    }

    [Fact]
    public void IntegerIsAcceptedForFloatButFloatIsNotAcceptedForInt()
    {
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Test04", Json("""{"client_id":"x","float":1}""")));
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Test04", Json("""{"client_id":"x","float":3.141592653589793}""")));
        Assert.Equal("int", VarlinkValidator.FindInvalidParameter(Certification, "Test03", Json("""{"client_id":"x","int":1.0}""")));
        Assert.Equal("int", VarlinkValidator.FindInvalidParameter(Certification, "Test03", Json("""{"client_id":"x","int":1e2}""")));
        Assert.Equal("float", VarlinkValidator.FindInvalidParameter(Certification, "Test04", Json("""{"client_id":"x","float":1e400}""")));
    }

    [Fact]
    public void AbsentNullAndEmptyParametersAreTheSame()
    {
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Start", default));
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Start", Json("null")));
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Start", Json("{}")));
        Assert.Equal(string.Empty, VarlinkValidator.FindInvalidParameter(Certification, "Start", Json("[]")));
    }

    [Fact]
    public void RepliesAndErrorsAreCheckedAgainstTheirOwnDeclarations()
    {
        Assert.Null(VarlinkValidator.FindInvalidReplyParameter(Certification, "Test08", Json("""{"set":{"one":{},"two":{}}}""")));
        Assert.Equal("set", VarlinkValidator.FindInvalidReplyParameter(Certification, "Test08", Json("""{"set":["one"]}""")));
        Assert.Null(VarlinkValidator.FindInvalidErrorParameter(Certification, "CertificationError", Json("""{"wants":{},"got":{"a":1}}""")));
        Assert.Equal("got", VarlinkValidator.FindInvalidErrorParameter(Certification, "CertificationError", Json("""{"wants":{}}""")));
        Assert.Null(VarlinkValidator.FindInvalidErrorParameter(Certification, "ClientIdError", Json("{}")));
    }

    [Fact]
    public void UnknownMethodOrErrorIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => VarlinkValidator.FindInvalidParameter(Certification, "Nope", default));
        Assert.Throws<ArgumentException>(() => VarlinkValidator.FindInvalidErrorParameter(Certification, "Test01", default));
    }

    [Fact]
    public void AnyAcceptsEveryValueButNull()
    {
        var definition = VarlinkInterfaceDefinition.Parse("interface org.example.any\nmethod Echo(value: any) -> ()\n");

        foreach (var value in new[] { "1", "\"s\"", "[]", "{}", "false" })
        {
            Assert.Null(VarlinkValidator.FindInvalidParameter(definition, "Echo", Json($$"""{"value":{{value}}}""")));
        }

        Assert.Equal("value", VarlinkValidator.FindInvalidParameter(definition, "Echo", Json("""{"value":null}""")));
    }

    [Fact]
    public void PodmanCreateWithOnlyRequiredArgsIsValid()
    {
        var podman = VarlinkInterfaceDefinition.Parse(IdlTestFiles.PodmanReferenceText);

        Assert.Null(VarlinkValidator.FindInvalidParameter(podman, "CreateContainer", Json("""{"create":{"args":["alpine"],"cpus":1,"env":null}}""")));
        Assert.Equal("create.cpus", VarlinkValidator.FindInvalidParameter(podman, "CreateContainer", Json("""{"create":{"args":["alpine"],"cpus":"1"}}""")));
    }

    [Fact]
    public void DeeplyRecursiveValueIsRejectedNotOverflowingTheStack()
    {
        var definition = VarlinkInterfaceDefinition.Parse("interface org.example.tree\ntype Node (children: []Node)\nmethod Put(root: Node) -> ()\n");
        var deep = string.Concat(Enumerable.Repeat("{\"children\":[", 200)) + string.Concat(Enumerable.Repeat("]}", 200));

        var path = VarlinkValidator.FindInvalidParameter(definition, "Put", JsonDocument.Parse("{\"root\":" + deep + "}", new JsonDocumentOptions { MaxDepth = 1000 }).RootElement);

        Assert.NotNull(path);
        Assert.StartsWith("root.children[0]", path, StringComparison.Ordinal);
    }
}
