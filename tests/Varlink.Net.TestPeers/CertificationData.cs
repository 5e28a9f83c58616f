using System.Text.Json;

namespace Varlink.TestPeers;

/// <summary>The values exchanged at each step of org.varlink.certification.</summary>
public static class CertificationData
{
    public const string Interface = "org.varlink.certification";

    public static readonly string[] Steps =
        ["Start", "Test01", "Test02", "Test03", "Test04", "Test05", "Test06", "Test07", "Test08", "Test09", "Test10", "Test11", "End"];

    public const string Test05Reply = """{"bool":false,"int":2,"float":3.141592653589793,"string":"a lot of string"}""";

    public const string Test06Reply = """{"struct":{"bool":false,"int":2,"float":3.141592653589793,"string":"a lot of string"}}""";

    public const string Test07Reply = """{"map":{"foo":"Foo","bar":"Bar"}}""";

    public const string Test08Reply = """{"set":{"one":{},"two":{},"three":{}}}""";

    public const string MyType = """
        {"object":{"method":"org.varlink.certification.Test09","parameters":{"map":{"foo":"Foo","bar":"Bar"}}},
         "enum":"two","struct":{"first":1,"second":"2"},"array":["one","two","three"],
         "dictionary":{"foo":"Foo","bar":"Bar"},"stringset":{"one":{},"two":{},"three":{}},
         "nullable":null,"nullable_array_struct":null,
         "interface":{"foo":[null,{"foo":"foo","bar":"bar"},null,{"one":"foo","two":"bar"}],"anon":{"foo":true,"bar":false}}}
        """;

    public static string Description { get; } = ReadResource("org.varlink.certification.varlink");

    public static string ReplyString(int number) => $"Reply number {number}";

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static string ReadResource(string name)
    {
        using var stream = typeof(CertificationData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
