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
}
