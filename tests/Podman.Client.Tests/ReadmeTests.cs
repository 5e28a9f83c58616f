namespace Podman.Client.Tests;

/// <summary>The README's C# examples are the code the VM tests run, line for line.</summary>
public sealed class ReadmeTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    [Fact]
    public void QuickStartInReadmeIsTheTestedCode() =>
        AssertSame("tests/Podman.Client.Tests/Vm/QuickStartTests.cs", "README quick start", "quick start");

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/Podman.Testing/README.md")]   // the package's readme
    public void TestingExampleInReadmeIsTheTestedCode(string readme) =>
        AssertSame("tests/Podman.Client.Tests/Vm/ReadmeFixtureExample.cs", "README testing example", "testing example", readme);

    private static void AssertSame(string testFile, string testMarker, string readmeMarker, string readmeFile = "README.md")
    {
        var tested = Between(File.ReadAllLines(Path.Combine(Root, testFile)), $"// {testMarker}: begin", $"// {testMarker}: end");
        var readme = Between(File.ReadAllLines(Path.Combine(Root, readmeFile)), $"<!-- {readmeMarker}: begin -->", $"<!-- {readmeMarker}: end -->")
            .Where(l => !l.StartsWith("```", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tested);
        Assert.Equal(tested, readme);
    }

    private static List<string> Between(string[] lines, string begin, string end)
    {
        var start = Array.FindIndex(lines, l => l.Trim() == begin);
        var stop = Array.FindIndex(lines, l => l.Trim() == end);
        Assert.True(start >= 0 && stop > start, $"markers {begin} / {end} not found");
        var block = lines[(start + 1)..stop];
        var indent = block.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("```", StringComparison.Ordinal)).Min(l => l.Length - l.TrimStart().Length);
        return [.. block.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())];
    }
}
