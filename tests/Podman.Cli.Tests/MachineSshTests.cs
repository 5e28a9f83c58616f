using System.Diagnostics;

namespace Podman.Cli.Tests;

/// <summary>
/// machine ssh through the CLI as a process, for any running machine: argv passed word for word, one word
/// as a shell line, the remote exit code, stderr and stdin, and output streamed while the command runs.
/// </summary>
public abstract class MachineSshTests
{
    /// <summary>The CLI words with the machine name and store inserted after the verb.</summary>
    protected abstract string[] Args(params string[] arguments);

    /// <summary>A path the remote side can test for, not created yet.</summary>
    protected abstract string NewGatePath();

    /// <summary>Creates the gate so the remote side sees it.</summary>
    protected abstract Task OpenGateAsync(string gate, CancellationToken cancellationToken);

    [Fact]
    public async Task SshPassesEachArgumentUnchanged()
    {
        CliResult echo = await CliRunner.RunAsync(Args("machine", "ssh", "--", "sh", "-c", "echo a b"));
        CliResult words = await CliRunner.RunAsync(Args("machine", "ssh", "--", "sh", "-c", "printf '[%s]' \"$@\"", "argv0", "a  b", "it's", "", "$HOME", "*"));

        Assert.Equal("a b\n", echo.Output);
        Assert.Equal(0, echo.ExitCode);
        Assert.Equal("[a  b][it's][][$HOME][*]", words.Output);
    }

    [Fact]
    public async Task SshOneWordIsACommandLineForTheRemoteShell()
    {
        CliResult result = await CliRunner.RunAsync(Args("machine", "ssh", "--", "echo one | tr o 0"));

        Assert.Equal("0ne\n", result.Output);
    }

    [Fact]
    public async Task SshReturnsTheRemoteExitCodeStandardErrorAndTakesStandardInput()
    {
        CliResult failed = await CliRunner.RunAsync(Args("machine", "ssh", "--", "sh", "-c", "echo oops >&2; exit 7"));
        CliResult cat = await CliRunner.RunAsync(Args("machine", "ssh", "--", "cat"), input: "through stdin\n");

        Assert.Equal(7, failed.ExitCode);
        Assert.Equal("oops\n", failed.Error);
        Assert.Equal("through stdin\n", cat.Output);
    }

    [Fact]
    public async Task SshStreamsOutputWhileTheCommandRuns()
    {
        // "first", then a bounded wait for a gate the test opens only after reading "first": with output
        // held until the end, the wait gives up and the command prints "gave-up".
        string gate = NewGatePath();
        string script = $"echo first; i=0; while [ ! -e {gate} ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; if [ -e {gate} ]; then echo after-gate; else echo gave-up; fi";
        using Process process = CliRunner.Start(Args("machine", "ssh", "--", "sh", "-c", script));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        string? first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        await OpenGateAsync(gate, timeout.Token);
        string rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal("first", first);
        Assert.Equal("after-gate\n", rest);
        Assert.Equal(0, process.ExitCode);
    }
}
