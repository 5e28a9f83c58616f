using System.Diagnostics;

namespace Podman.Cli.Tests;

/// <summary>Replays README's podman-cli session in bash (podman-cli as the built CLI) against the Go certification server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReadmeTranscriptTests(CertificationServer server)
{
    private const string Marker = "<!-- podman-cli transcript -->";
    private const string ReadmeAddress = "unix:/tmp/certification.sock";

    [Fact]
    public async Task ReadmeSessionIsWhatTheCliPrints()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(CliRunner.RepoRoot, "README.md"));
        int start = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {Marker}");
        string[] block = readme[start..].Split("```")[1].Split('\n')[1..^1];   // after "```console", before "```"
        string[] commands = [.. block.Where(l => l.StartsWith("$ ", StringComparison.Ordinal)).Select(l => l[2..])];
        string expected = string.Concat(block.Where(l => !l.StartsWith("$ ", StringComparison.Ordinal)).Select(l => l + "\n"));
        Assert.True(commands.Length >= 3, "the transcript has commands");

        string script = $"podman-cli() {{ dotnet '{CliRunner.CliDll}' \"$@\"; }}\nexec 2>&1\n" + string.Join('\n', commands).Replace(ReadmeAddress, server.Address, StringComparison.Ordinal) + "\n";
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process bash = Process.Start(info)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string output = await bash.StandardOutput.ReadToEndAsync(timeout.Token);
        await bash.WaitForExitAsync(timeout.Token);

        Assert.Equal(expected, output.Replace(server.Address, ReadmeAddress, StringComparison.Ordinal));
    }
}
