using System.Buffers;
using System.Text;
using System.Text.Json;
using Varlink.Idl;
using Varlink.Tests.Support;

namespace Varlink.Net.Tests.Idl;

/// <summary>
/// The validator over raw bytes (what the server uses on a received frame) and over a
/// <see cref="JsonElement"/> give the same answers, in one piece or split into many segments.
/// </summary>
public class VarlinkValidatorReaderTests
{
    private const string RulesText = """
        interface org.example.rules

        type Opts (filters: []string, labels: [string]int, mode: (fast, slow), nested: ?Opts)

        type Node (children: []Node)

        method Run(opts: Opts, count: int, ratio: float, flag: bool, data: object, anything: any, maybe: ?string) -> ()

        method Put(root: Node) -> ()

        method Keep(value: any) -> ()

        method Text(text: string, mode: ?(fast, slow)) -> ()
        """;

    private const string ValidRun = """
        {"opts":{"filters":["a","b","c"],"labels":{"key":1,"other":-2},"mode":"fast","nested":{"filters":[],"labels":{},"mode":"slow"}},
         "count":9223372036854775807,"ratio":2.5e-3,"flag":false,"data":{"any":[1,{"x":null}]},"anything":[1,"two",{"three":3}],"maybe":null}
        """;

    private static readonly VarlinkInterfaceDefinition Rules = VarlinkInterfaceDefinition.Parse(RulesText);
    private static readonly VarlinkInterfaceDefinition Certification = VarlinkInterfaceDefinition.Parse(IdlTestFiles.CertificationText);

    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "Run", ValidRun, null },
        { "Run", ValidRun.Replace("[\"a\",\"b\",\"c\"]", "[\"a\",\"b\",3]", StringComparison.Ordinal), "opts.filters[2]" },
        { "Run", ValidRun.Replace("\"key\":1", "\"key\":\"1\"", StringComparison.Ordinal), "opts.labels[key]" },
        { "Run", ValidRun.Replace("\"key\":1", "\"k\\u0065y\":1.5", StringComparison.Ordinal), "opts.labels[key]" },
        { "Run", ValidRun.Replace("\"mode\":\"fast\"", "\"mode\":\"medium\"", StringComparison.Ordinal), "opts.mode" },
        { "Run", ValidRun.Replace("\"mode\":\"fast\"", "\"mode\":\"f\\u0061st\"", StringComparison.Ordinal), null },
        { "Run", ValidRun.Replace("\"mode\":\"slow\"", "\"mode\":\"slow\",\"bogus\":1", StringComparison.Ordinal), "opts.nested.bogus" },
        { "Run", ValidRun.Replace("\"filters\":[]", "\"filters\":[null]", StringComparison.Ordinal), "opts.nested.filters[0]" },
        { "Run", ValidRun.Replace("\"filters\":[],", string.Empty, StringComparison.Ordinal), "opts.nested.filters" },
        { "Run", ValidRun.Replace("\"count\":9223372036854775807", "\"count\":9223372036854775808", StringComparison.Ordinal), "count" },
        { "Run", ValidRun.Replace("\"count\":9223372036854775807", "\"count\":-9223372036854775808", StringComparison.Ordinal), null },
        { "Run", ValidRun.Replace("\"count\":9223372036854775807", "\"count\":1.0", StringComparison.Ordinal), "count" },
        { "Run", ValidRun.Replace("\"count\":9223372036854775807", "\"c\\u006funt\":7", StringComparison.Ordinal), null },
        { "Run", ValidRun.Replace("\"count\":9223372036854775807", "\"count\":1,\"count\":2", StringComparison.Ordinal), "count" },
        { "Run", ValidRun.Replace("\"ratio\":2.5e-3", "\"ratio\":1e400", StringComparison.Ordinal), "ratio" },
        { "Run", ValidRun.Replace("\"ratio\":2.5e-3", "\"ratio\":7", StringComparison.Ordinal), null },
        { "Run", ValidRun.Replace("\"ratio\":2.5e-3,", string.Empty, StringComparison.Ordinal), "ratio" },
        { "Run", ValidRun.Replace("\"flag\":false", "\"flag\":\"false\"", StringComparison.Ordinal), "flag" },
        { "Run", ValidRun.Replace("\"data\":{\"any\":[1,{\"x\":null}]}", "\"data\":[]", StringComparison.Ordinal), "data" },
        { "Run", ValidRun.Replace("\"data\":{\"any\":[1,{\"x\":null}]}", "\"data\":null", StringComparison.Ordinal), "data" },
        { "Run", ValidRun.Replace("\"anything\":[1,\"two\",{\"three\":3}]", "\"anything\":null", StringComparison.Ordinal), "anything" },
        { "Run", ValidRun.Replace("\"anything\":[1,\"two\",{\"three\":3}]", "\"anything\":0", StringComparison.Ordinal), null },
        { "Run", ValidRun.Replace("\"maybe\":null", "\"maybe\":1", StringComparison.Ordinal), "maybe" },
        { "Run", ValidRun.Replace(",\"maybe\":null", ",\"extra\":{}", StringComparison.Ordinal), "extra" },
        { "Run", "null", "opts" },
        { "Run", "{}", "opts" },
        { "Run", "[]", string.Empty },
        { "Text", """{"text":"\ud83d\ude00 \"escaped\" \u0000","mode":null}""", null },
        { "Text", """{"text":"x","mode":"Fast"}""", "mode" },
        { "Put", """{"root":{"children":[{"children":[]},{"children":[{"children":{}}]}]}}""", "root.children[1].children[0].children" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BytesAndElementGiveTheSameAnswer(string method, string json, string? expected) =>
        AssertEveryWay(Rules, method, json, expected);

    [Theory]
    [MemberData(nameof(VarlinkValidatorTests.InvalidValues), MemberType = typeof(VarlinkValidatorTests))]
    public void ReferenceCertificationCasesGiveTheSamePathFromBytes(string find, string replace, string path)
    {
        var parameters = VarlinkValidatorTests.Test10Parameters(find, replace);

        AssertEveryWay(Certification, "Test10", parameters, path);
    }

    [Fact]
    public void EmptyBytesAreAbsentParameters()
    {
        Assert.Equal("opts", VarlinkValidator.FindInvalidParameter(Rules, "Run", ReadOnlySequence<byte>.Empty));
        Assert.Null(VarlinkValidator.FindInvalidParameter(Certification, "Start", ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void TooDeepRecursiveValueIsNamedTheSameWayFromBytesAndElement()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"children\":[", 200)) + string.Concat(Enumerable.Repeat("]}", 200));
        var json = "{\"root\":" + deep + "}";

        // Levels: parameters 1, root 2, then each children array and node one more; 64 are allowed, so
        // the children array of the node at level 64 is the first value refused.
        var expected = "root" + string.Concat(Enumerable.Repeat(".children[0]", 31)) + ".children";
        AssertEveryWay(Rules, "Put", json, expected);
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(5, "value")]
    public void MaxDepthCountsTheParametersObjectAsTheFirstLevel(int arrays, string? expected)
    {
        // {"value":[[[[]]]]} with 4 arrays nests 5 levels deep.
        var json = "{\"value\":" + new string('[', arrays) + new string(']', arrays) + "}";

        Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(Rules, "Keep", Contiguous(json), maxDepth: 5));
        Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(Rules, "Keep", Split(json, 3), maxDepth: 5));
    }

    [Fact]
    public void MaxDepthBelowOneIsAnArgumentError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VarlinkValidator.FindInvalidParameter(Rules, "Keep", Contiguous("{}"), maxDepth: 0));

    [Fact]
    public void MalformedBytesAreAJsonError() =>
        Assert.ThrowsAny<JsonException>(() => VarlinkValidator.FindInvalidParameter(Rules, "Keep", Contiguous("""{"value":}""")));

    [Fact]
    public void OneMiBStringIsCheckedInOnePieceAndIn16KiBSegments()
    {
        var big = new string('x', 1 << 20);
        var valid = $$"""{"text":"{{big}}","mode":"slow"}""";
        var invalid = $$"""{"text":"{{big}}","mode":"{{big}}"}""";

        AssertEveryWay(Rules, "Text", valid, null, chunk: 16 * 1024);
        AssertEveryWay(Rules, "Text", invalid, "mode", chunk: 16 * 1024);
    }

    [Fact]
    public void ValidParametersAreCheckedWithoutAllocating()
    {
        var bytes = Contiguous(ValidRun);
        var split = Split(ValidRun, 64);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(VarlinkValidator.FindInvalidParameter(Rules, "Run", bytes));
            Assert.Null(VarlinkValidator.FindInvalidParameter(Rules, "Run", split));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            VarlinkValidator.FindInvalidParameter(Rules, "Run", bytes);
            VarlinkValidator.FindInvalidParameter(Rules, "Run", split);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertEveryWay(VarlinkInterfaceDefinition definition, string method, string json, string? expected, int chunk = 7)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });
        Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(definition, method, document.RootElement));
        Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(definition, method, Contiguous(json)));
        Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(definition, method, Split(json, chunk)));
        if (json.Length < 4096)
        {
            Assert.Equal(expected, VarlinkValidator.FindInvalidParameter(definition, method, Split(json, 1)));
        }
    }

    private static ReadOnlySequence<byte> Contiguous(string json) => new(Encoding.UTF8.GetBytes(json));

    private static ReadOnlySequence<byte> Split(string json, int chunk) =>
        Segments.Create(Encoding.UTF8.GetBytes(json).Chunk(chunk).ToArray());
}
