using Microsoft.CodeAnalysis;

namespace Varlink.Net.Generator.Tests;

/// <summary>One test per diagnostic: its id, severity, and the line and column in the .varlink file.</summary>
public class DiagnosticTests
{
    private const string Path = "/src/org.example.test.varlink";

    private static Diagnostic Single(string text, Dictionary<string, string>? metadata = null)
    {
        var run = GeneratorHarness.Generate(Path, text, metadata);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        if (diagnostic.Id is not ("VLG002" or "VLG005"))
        {
            Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        }

        Assert.Empty(run.Sources);
        return diagnostic;
    }

    /// <summary>
    /// A diagnostic about item metadata points nowhere in the .varlink file (the file is right, the
    /// project is wrong) and names the AdditionalFiles item and the metadata instead.
    /// </summary>
    private static void AssertAboutMetadata(Diagnostic diagnostic, string metadata)
    {
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains($"item metadata {metadata} of <AdditionalFiles Include=\"org.example.test.varlink\">", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    private static (int Line, int Column) Position(Diagnostic diagnostic)
    {
        var start = diagnostic.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    [Fact]
    public void ParseErrorIsVLG001AtItsLineAndColumn()
    {
        var diagnostic = Single("interface org.example.test\n\ntype T (a: ??int)\n");

        Assert.Equal("VLG001", diagnostic.Id);
        Assert.Equal((3, 13), Position(diagnostic));
        Assert.Contains("nullable again", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownStreamingMethodIsVLG002()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\n", new() { ["VarlinkMoreMethods"] = "Ping;Pong" });

        Assert.Equal("VLG002", diagnostic.Id);
        Assert.Contains("'Pong'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAboutMetadata(diagnostic, "VarlinkMoreMethods");
    }

    [Fact]
    public void UnknownOnewayMethodIsVLG002()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\n", new() { ["VarlinkOnewayMethods"] = "Ping,Pong" });

        Assert.Equal("VLG002", diagnostic.Id);
        Assert.Contains("'Pong'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAboutMetadata(diagnostic, "VarlinkOnewayMethods");
    }

    [Fact]
    public void OnewayStreamingMethodIsVLG005()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\n", new() { ["VarlinkMoreMethods"] = "Ping", ["VarlinkOnewayMethods"] = "Ping" });

        Assert.Equal("VLG005", diagnostic.Id);
        Assert.Contains("'Ping'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAboutMetadata(diagnostic, "VarlinkOnewayMethods");
    }

    [Fact]
    public void InvalidLenientRepliesMetadataIsVLG005()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\n", new() { ["VarlinkLenientReplies"] = "yes" });

        Assert.Equal("VLG005", diagnostic.Id);
        AssertAboutMetadata(diagnostic, "VarlinkLenientReplies");
    }

    [Fact]
    public void MethodBothStreamingAndUpgradeIsVLG003AtTheMethod()
    {
        var diagnostic = Single(
            "interface org.example.test\n\nmethod Ping() -> ()\n",
            new() { ["VarlinkMoreMethods"] = "Ping", ["VarlinkUpgradeMethods"] = "Ping" });

        Assert.Equal("VLG003", diagnostic.Id);
        Assert.Equal((3, 8), Position(diagnostic));
    }

    [Fact]
    public void FieldsWithTheSamePascalCaseNameAreVLG004AtTheSecondField()
    {
        var diagnostic = Single("interface org.example.test\ntype T (\n  foo_bar: int,\n  fooBar: int\n)\n");

        Assert.Equal("VLG004", diagnostic.Id);
        Assert.Equal((4, 3), Position(diagnostic));
        Assert.Contains("'FooBar'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TypeCollidingWithAGeneratedMessageRecordIsVLG004()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\ntype PingReply (a: int)\n");

        Assert.Equal("VLG004", diagnostic.Id);
        Assert.Equal((2, 8), Position(diagnostic));
    }

    [Fact]
    public void InvalidGenerateMetadataIsVLG005()
    {
        var diagnostic = Single("interface org.example.test\nmethod Ping() -> ()\n", new() { ["VarlinkGenerate"] = "proxy" });

        Assert.Equal("VLG005", diagnostic.Id);
        Assert.Contains("'proxy'", diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertAboutMetadata(diagnostic, "VarlinkGenerate");
    }
}
