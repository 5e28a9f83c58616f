namespace Podman.Client.Tests;

/// <summary>The README's Podman.Client quick start is the code the VM test runs, line for line.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void QuickStartInReadmeIsTheTestedCode()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var tested = Between(File.ReadAllLines(Path.Combine(root, "tests/Podman.Client.Tests/Vm/QuickStartTests.cs")), "// README quick start: begin", "// README quick start: end");
        var readme = Between(File.ReadAllLines(Path.Combine(root, "README.md")), "<!-- quick start: begin -->", "<!-- quick start: end -->")
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
