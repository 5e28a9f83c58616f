namespace Varlink.Net.Generator.Tests;

/// <summary>
/// The generated code is compared with the files under Snapshots/. After an intended change, run
/// the tests with VARLINK_ACCEPT_SNAPSHOTS=1 to rewrite them, and review the diff.
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string> Interfaces() => new() { "org.varlink.certification", "org.example.bench", "io.podman" };

    [Theory]
    [MemberData(nameof(Interfaces))]
    public void GeneratedCodeMatchesSnapshot(string name)
    {
        var run = InterfaceCases.Generate(name);
        Assert.Empty(run.Diagnostics);
        var directory = Path.Combine(TestFiles.Snapshots, name);
        var accept = Environment.GetEnvironmentVariable("VARLINK_ACCEPT_SNAPSHOTS") == "1";
        if (accept)
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.cs"))
            {
                File.Delete(stale);
            }
        }

        foreach (var source in run.Sources)
        {
            var file = Path.Combine(directory, source.HintName);
            var text = source.SourceText.ToString();
            if (accept)
            {
                File.WriteAllText(file, text);
                continue;
            }

            Assert.True(File.Exists(file), $"No snapshot {file}; run the tests with VARLINK_ACCEPT_SNAPSHOTS=1 to create it.");
            Assert.Equal(File.ReadAllText(file), text);
        }

        var expected = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.cs").Select(Path.GetFileName).Order().ToList() : [];
        Assert.Equal(expected, run.Sources.Select(s => s.HintName).Order());
    }
}
