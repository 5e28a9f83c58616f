using System.Diagnostics;

namespace Podman.Cli.Tests;

/// <summary>machine ssh's argv → remote command line, checked by a real POSIX shell (as sshd runs it).</summary>
public sealed class RemoteCommandLineTests
{
    [Theory]
    [InlineData("a b", "it's", "", "$HOME", "*", "x\"y", "back\\slash", "new\nline")]
    [InlineData("plain", "--flag=1", "a;b", "a|b", "`id`", "~")]
    public async Task EveryWordArrivesUnchanged(params string[] words)
    {
        string line = RemoteCommandLine.Build(["printf", "[%s]", .. words]);

        string printed = await ShellAsync(line);

        Assert.Equal(string.Concat(words.Select(w => $"[{w}]")), printed);
    }

    [Fact]
    public async Task OneWordIsACommandLineForTheShell()
    {
        string line = RemoteCommandLine.Build(["echo one | tr o 0"]);

        Assert.Equal("0ne\n", await ShellAsync(line));
    }

    [Fact]
    public void NoWordsIsAUsageError() =>
        Assert.Throws<UsageException>(() => RemoteCommandLine.Build([]));

    private static async Task<string> ShellAsync(string line)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(line);
        using Process process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
