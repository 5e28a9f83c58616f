using System.Text;

namespace Podman.Machine.Tests;

/// <summary>
/// The SSH side of Podman.Machine against a real OpenSSH sshd that a fake qemu starts on the forwarded
/// port with the keys from the fw_cfg files, as the appliance does: readiness, commands, stdin, pinning.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SshPinningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReadyMachineRunsCommandsWithTheGeneratedKey()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("sshd");

        await machine.StartAsync(FakeQemu.Options("sshd-appliance.sh", TimeSpan.FromMinutes(2)));

        Assert.NotNull(machine.LastBootDuration);
        output.WriteLine($"fake boot to ready: {machine.LastBootDuration}");
        // OpenSSH 9.2 (the appliance's and this sshd) would agree to SSH.NET's first choice, sntrup761x25519-sha512.
        Assert.Equal("curve25519-sha256", machine.SshKeyExchange);
        string[] handshake = [MachineBootTimings.SshBanner, MachineBootTimings.SshHostKey, MachineBootTimings.SshConnected];
        Assert.Equal(handshake, machine.LastBootTimings!.Phases.Select(p => p.Name).Where(handshake.Contains));
        SshCommandResult result = await machine.RunAsync("echo out; echo err >&2; exit 3");
        Assert.Equal((3, "out\n", "err\n"), (result.ExitCode, result.StandardOutput, result.StandardError));
        Assert.Throws<MachineException>(() => result.EnsureSuccess());
        Assert.Equal("fake podman info\n", (await machine.RunAsync("podman info")).EnsureSuccess().StandardOutput);

        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 20_000)));
        SshCommandResult counted = await machine.RunAsync("wc -c", new MemoryStream(payload));
        Assert.Equal(payload.Length.ToString(), counted.StandardOutput.Trim());

        SshEndpoint endpoint = machine.GetSshEndpoint();
        Assert.Equal(("127.0.0.1", "root", machine.Config.HostKeyFingerprint), (endpoint.Host, endpoint.User, endpoint.HostKeyFingerprint));
        Assert.Equal(machine.RuntimeState!.SshPort, endpoint.Port);

        // Another process (here: another instance) finds the running machine through runtime.json.
        await using PodmanMachine again = await fake.Store.OpenAsync("sshd");
        Assert.Equal("again\n", (await again.RunAsync("echo again")).StandardOutput);
    }

    [Fact]
    public async Task HostKeyOtherThanThePinnedOneIsRefusedNamingBothFingerprints()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("mitm");

        MachineBootException e = await Assert.ThrowsAsync<MachineBootException>(
            () => machine.StartAsync(FakeQemu.Options("sshd-wrong-hostkey.sh", TimeSpan.FromMinutes(2))));

        HostKeyMismatchException mismatch = Assert.IsType<HostKeyMismatchException>(e.InnerException);
        // Refused by Varlink.Net.Ssh's verifier, the one host-key check of the project.
        Varlink.Ssh.SshHostKeyException refused = Assert.IsType<Varlink.Ssh.SshHostKeyException>(mismatch.InnerException);
        Assert.Equal(Varlink.Ssh.HostKeyProblem.Changed, refused.Problem);
        Assert.Equal(machine.Config.HostKeyFingerprint, mismatch.ExpectedFingerprint);
        string served = SshKeys.Fingerprint(await File.ReadAllTextAsync(Path.Combine(machine.Directory, "fake-guest", "other_key.pub")));
        Assert.Equal(served, mismatch.ActualFingerprint);
        Assert.Contains(served, e.Message);
        Assert.Contains(machine.Config.HostKeyFingerprint, e.Message);
        Assert.False(machine.IsRunning);
    }
}
