using System.Diagnostics;
using System.Text.Json;

namespace Podman.Cli.Tests;

/// <summary>The machine verbs against a real appliance VM (qemu), through the CLI as a process.</summary>
[Collection(VmCollection.Name)]
[Trait("Category", "VM")]
public sealed class MachineVmTests(MachineFixture vm) : MachineSshTests
{
    [Fact]
    public async Task ImportSentTheImageThroughIoPodman()
    {
        // The fixture's image came in by podman-cli import (SendFile, then ImportImage), not an SSH command;
        // CMD=/bin/sh is the shell form, as podman import --change makes it.
        Assert.Matches("^[0-9a-f]{64}\n$", vm.Import.Output);
        CliResult exists = await CliRunner.RunAsync(vm.Args("machine", "ssh", "--", "podman", "image", "inspect", "--format", "{{.Id}} {{.Config.Cmd}}", MachineFixture.Image));

        Assert.Equal(0, exists.ExitCode);
        Assert.Equal($"{vm.Import.Output.Trim()} [/bin/sh -c /bin/sh]\n", exists.Output);
    }

    [Fact]
    public async Task SnapshotCloneStartsResumedAndIsStoppedAndRemoved()
    {
        const string clone = "cliclone";
        string snapshot = Path.Combine(CliRunner.NewTempDirectory("snapshot"), "saved");
        try
        {
            CliResult save = await CliRunner.RunAsync(["machine", "snapshot", vm.MachineName, snapshot, "--store", vm.Store], timeout: TimeSpan.FromMinutes(10));
            Assert.True(save.ExitCode == 0, save.Error);
            Assert.Contains($"saved machine '{vm.MachineName}'", save.Output, StringComparison.Ordinal);

            CliResult init = await CliRunner.RunAsync("machine", "init", clone, "--store", vm.Store, "--from-snapshot", snapshot);
            Assert.True(init.ExitCode == 0, init.Error);
            CliResult start = await CliRunner.RunAsync(["machine", "start", clone, "--store", vm.Store, "--timeout", "600"], timeout: TimeSpan.FromMinutes(11));
            Assert.True(start.ExitCode == 0, start.Output + start.Error);
            Assert.Contains($"starting machine '{clone}' under", start.Output, StringComparison.Ordinal);
            Assert.Matches($"machine '{clone}' is ready after [0-9.]+ s \\([^)]*resumed from its snapshot\\)", start.Output);

            // The clone has what the machine had when it was saved: the imported image.
            CliResult images = await CliRunner.RunAsync(["--store", vm.Store, "--connection", clone, "images", "--format", "{{.Repository}}:{{.Tag}}"], timeout: TimeSpan.FromMinutes(2));
            Assert.True(images.ExitCode == 0, images.Error);
            Assert.Contains(MachineFixture.Image, images.Output.Split('\n'));

            CliResult stop = await CliRunner.RunAsync(["machine", "stop", clone, "--store", vm.Store, "--timeout", "60"], timeout: TimeSpan.FromMinutes(3));
            Assert.Equal($"machine '{clone}' powered off\n", stop.Output);
            CliResult rm = await CliRunner.RunAsync("machine", "rm", clone, "--store", vm.Store);
            Assert.Equal($"removed machine '{clone}'\n", rm.Output);
            CliResult gone = await CliRunner.RunAsync("machine", "inspect", clone, "--store", vm.Store);
            Assert.Equal(125, gone.ExitCode);
        }
        finally
        {
            await CliRunner.RunAsync("machine", "rm", clone, "--store", vm.Store);   // kills it when a check above failed
            Directory.Delete(Path.GetDirectoryName(snapshot)!, recursive: true);
        }
    }

    protected override string[] Args(params string[] arguments) => vm.Args(arguments);

    protected override string NewGatePath() => $"/tmp/cli-gate-{Guid.NewGuid():N}";

    protected override async Task OpenGateAsync(string gate, CancellationToken cancellationToken)
    {
        CliResult touch = await CliRunner.RunAsync(vm.Args("machine", "ssh", "--", "touch", gate));
        Assert.Equal(0, touch.ExitCode);
    }

    [Fact]
    public async Task CallReachesIoPodman()
    {
        CliResult version = await CliRunner.RunAsync(vm.Args("machine", "call", "io.podman.GetVersion"));
        CliResult info = await CliRunner.RunAsync(vm.Args("machine", "call", "io.podman.GetInfo"));

        // GetVersion names the interface served (io.podman 1.9.3, remote API 1); the engine behind it is
        // Debian 12's podman 4.3, which GetInfo reports (shared/reference/io.podman-on-libpod.md, method 1).
        Assert.Equal(0, version.ExitCode);
        JsonElement reply = JsonDocument.Parse(version.Output).RootElement;
        Assert.Equal("1.9.3", reply.GetProperty("version").GetString());
        Assert.Equal(1, reply.GetProperty("remote_api_version").GetInt64());
        Assert.Equal(0, info.ExitCode);
        Assert.StartsWith("4.3", JsonDocument.Parse(info.Output).RootElement.GetProperty("info").GetProperty("podman").GetProperty("podman_version").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LsAndInspectShowTheMachineRunning()
    {
        CliResult ls = await CliRunner.RunAsync("machine", "ls", "--store", vm.Store, "--format", "json");
        CliResult inspect = await CliRunner.RunAsync(vm.Args("machine", "inspect"));

        JsonElement listed = Assert.Single(JsonDocument.Parse(ls.Output).RootElement.EnumerateArray());
        Assert.Equal("running", listed.GetProperty("State").GetString());
        JsonElement inspected = Assert.Single(JsonDocument.Parse(inspect.Output).RootElement.EnumerateArray());
        Assert.StartsWith("ssh://root@127.0.0.1:", inspected.GetProperty("Ssh").GetProperty("Uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvPointsOpenSshAndTheVarlinkVerbsAtTheMachine()
    {
        CliResult env = await CliRunner.RunAsync(vm.Args("machine", "env"));
        Assert.Equal(0, env.ExitCode);
        Assert.Contains("export PODMAN_VARLINK_BRIDGE='ssh -p ", env.Output, StringComparison.Ordinal);
        Assert.Contains("StrictHostKeyChecking=yes", env.Output, StringComparison.Ordinal);
        Assert.Contains("export PODMAN_VARLINK_ADDRESS=ssh://root@127.0.0.1:", env.Output, StringComparison.Ordinal);

        // podman-remote 1.x's way: the bridge command (real OpenSSH, the pinned host key in its own
        // known_hosts) carries one call; and ours: varlink info on the ssh:// address with the exported key.
        string script = $$"""
            set -e
            {{env.Output}}
            printf '{"method":"io.podman.GetVersion"}\0' | sh -c "$PODMAN_VARLINK_BRIDGE" | tr '\0' '\n'
            dotnet {{CliRunner.CliDll}} varlink info "$PODMAN_VARLINK_ADDRESS"
            """;
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using Process shell = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> error = shell.StandardError.ReadToEndAsync(timeout.Token);
        string output = await shell.StandardOutput.ReadToEndAsync(timeout.Token);
        await shell.WaitForExitAsync(timeout.Token);

        Assert.True(shell.ExitCode == 0, $"exit {shell.ExitCode}: {await error}");
        string reply = output.Split('\n')[0];
        Assert.Equal("1.9.3", JsonDocument.Parse(reply).RootElement.GetProperty("parameters").GetProperty("version").GetString());
        Assert.Contains("Interfaces:\n", output, StringComparison.Ordinal);
        Assert.Contains("  io.podman\n", output, StringComparison.Ordinal);
    }
}
