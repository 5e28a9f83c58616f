using System.Diagnostics;

namespace Podman.Cli.Tests;

/// <summary>machine ssh and machine env through a real OpenSSH sshd with the machine's pinned host key.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshdMachineTests(SshdMachineFixture machine) : MachineSshTests
{
    protected override string[] Args(params string[] arguments) => machine.Args(arguments);

    protected override string NewGatePath() => Path.Combine(machine.Directory, $"gate-{Guid.NewGuid():N}");

    protected override Task OpenGateAsync(string gate, CancellationToken cancellationToken) => File.WriteAllTextAsync(gate, string.Empty, cancellationToken);

    [Fact]
    public async Task EnvGivesAnOpenSshLineThatVerifiesThePinnedHostKey()
    {
        CliResult env = await CliRunner.RunAsync(machine.Args("machine", "env"));
        Assert.Equal(0, env.ExitCode);
        Assert.Contains($"export PODMAN_CONNECTION={SshdMachineFixture.Name}\n", env.Output, StringComparison.Ordinal);
        Assert.Contains("varlink bridge --connect unix:/run/podman/io.podman'", env.Output, StringComparison.Ordinal);

        // The bridge line up to its remote command, run by real OpenSSH (StrictHostKeyChecking=yes, the
        // machine's own known_hosts file): it logs in only when the host key is the pinned one.
        string script = env.Output + "\nexec ${PODMAN_VARLINK_BRIDGE% varlink bridge*} echo logged-in\n";
        var info = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process shell = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Task<string> error = shell.StandardError.ReadToEndAsync(timeout.Token);
        string output = await shell.StandardOutput.ReadToEndAsync(timeout.Token);
        await shell.WaitForExitAsync(timeout.Token);

        Assert.True(shell.ExitCode == 0, $"ssh exited {shell.ExitCode}: {await error}");
        Assert.Equal("logged-in\n", output);
    }

    // One line on stderr, exit 125, no stack trace.
    private static string OneLineFailure(CliResult result)
    {
        Assert.True(result.ExitCode == 125, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal(string.Empty, result.Output);
        Assert.EndsWith("\n", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        return result.Error.TrimEnd('\n');
    }

    [Fact]
    public async Task AnUnreachableSshServerIsOneClearLineAndExit125()
    {
        int port = SshdMachineFixture.ClosedPort();
        using SideMachine side = await machine.AddMachineAsync("nolisten", port);

        string ssh = OneLineFailure(await CliRunner.RunAsync(side.Args("machine", "ssh", "--", "true")));
        string ps = OneLineFailure(await CliRunner.RunAsync(side.Podman("ps")));

        Assert.Equal($"podman-cli: machine 'nolisten': cannot reach its SSH server at 127.0.0.1:{port}: Connection refused", ssh);
        Assert.Equal($"podman-cli: Ps: io.podman could not be reached: Could not connect to the varlink service: Cannot open an SSH session to [127.0.0.1]:{port}: Connection refused", ps);
    }

    [Fact]
    public async Task AHostKeyOtherThanThePinnedOneIsOneClearLineAndExit125()
    {
        // A machine with keys of its own, pointed at sshd, which presents the fixture machine's host key.
        using SideMachine side = await machine.AddMachineAsync("otherkey", machine.Port);
        string presented = await machine.FingerprintAsync();

        string ssh = OneLineFailure(await CliRunner.RunAsync(side.Args("machine", "ssh", "--", "true")));
        string ps = OneLineFailure(await CliRunner.RunAsync(side.Podman("ps")));

        Assert.StartsWith($"podman-cli: machine 'otherkey': The SSH host key of 127.0.0.1:{machine.Port} is {presented}, but the machine's pinned host key is SHA256:", ssh, StringComparison.Ordinal);
        Assert.EndsWith("; refusing to connect.", ssh, StringComparison.Ordinal);
        Assert.StartsWith($"podman-cli: Ps: io.podman could not be reached: Could not connect to the varlink service: The SSH host key of [127.0.0.1]:{machine.Port} has changed: expected SHA256:", ps, StringComparison.Ordinal);
        Assert.Contains($"but the server presented ssh-ed25519 {presented}. Refusing to connect", ps, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedLoginIsOneClearLineAndExit125()
    {
        // The right host key pinned, but a user key that sshd's authorized_keys does not hold.
        using SideMachine side = await machine.AddMachineAsync("nologin", machine.Port, await machine.FingerprintAsync());

        string ssh = OneLineFailure(await CliRunner.RunAsync(side.Args("machine", "ssh", "--", "true")));
        string ps = OneLineFailure(await CliRunner.RunAsync(side.Podman("ps")));

        Assert.Equal($"podman-cli: machine 'nologin': the SSH server at 127.0.0.1:{machine.Port} refused the login: Permission denied (publickey).", ssh);
        Assert.Equal($"podman-cli: Ps: io.podman could not be reached: Could not connect to the varlink service: SSH server [127.0.0.1]:{machine.Port} refused the login of user 'root': Permission denied (publickey).", ps);
    }
}
