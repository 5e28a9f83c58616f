namespace Podman.Machine.Tests;

/// <summary>
/// The format-me data disk keeps state across a reboot: stop by the ACPI power button, start again.
/// Reboots the shared VM (it is ready again afterwards, for the other tests).
/// </summary>
[Collection(ApplianceCollection.Name)]
public sealed class PersistenceTests(ApplianceFixture appliance, ITestOutputHelper output)
{
    [Fact]
    public async Task ImportedImageStateAndHostKeySurviveAnAcpiRebootWithoutReformatting()
    {
        PodmanMachine vm = appliance.Machine;
        Assert.False(ConsoleLog.HasLine(vm.ConsoleLogPath, ConsoleLog.NoDataDiskLine),
            $"the first boot did not use the format-me data disk:{Environment.NewLine}{ConsoleLog.Tail(vm.ConsoleLogPath)}");
        string mounts = (await vm.RunAsync("cat /proc/mounts")).EnsureSuccess().StandardOutput;
        Assert.Contains(mounts.Split('\n'), l => l.StartsWith("/dev/vda", StringComparison.Ordinal) && l.Contains(" /var/lib/containers ", StringComparison.Ordinal));

        string token = Guid.NewGuid().ToString("N");
        (await vm.RunAsync($"echo {token} > /var/lib/boot2podman/persistence-marker && sync")).EnsureSuccess();
        await BusyboxImage.ImportAsync(vm, "localhost/persist:1");
        (await vm.RunAsync("sync")).EnsureSuccess();
        // io.podman kept libpod's GetVersion answer on the data disk (the boot's readiness check asked it): the
        // next boot answers from that file, and leaves it as it is (a rewrite is a new file: another inode).
        const string versionCache = "/var/lib/boot2podman/podman-version.json";
        string cached = (await vm.RunAsync($"cat {versionCache}")).EnsureSuccess().StandardOutput;
        Assert.Matches("\"go_version\": *\"go[0-9]", cached);
        string cacheFile = (await vm.RunAsync($"stat -c '%i %Y' {versionCache}")).EnsureSuccess().StandardOutput;

        // The next boot is handed a different host key through fw_cfg: the appliance must keep using the
        // key it persisted on the data disk, or the pinned-key check of the restart fails.
        string hostKey = vm.Config.HostKeyFile;
        byte[] originalKey = await File.ReadAllBytesAsync(hostKey);
        string decoy = Path.Combine(vm.Directory, "decoy_host_key");
        File.Delete(decoy);
        string decoyFingerprint = await SshKeys.GenerateEd25519Async(decoy, "decoy");
        File.Copy(decoy, hostKey, overwrite: true);
        try
        {
            Assert.Equal(MachineStopOutcome.PoweredOff, await vm.StopAsync(TimeSpan.FromMinutes(3)));
            await vm.StartAsync(new MachineStartOptions { BootTimeout = ApplianceFixture.BootTimeout });
        }
        finally
        {
            await File.WriteAllBytesAsync(hostKey, originalKey);
        }

        BootTimes.Record($"second boot from the formatted data disk: {vm.LastBootDuration!.Value.TotalSeconds:0.0} s", vm.LastBootTimings);
        output.WriteLine(string.Join(Environment.NewLine, BootTimes.All));

        Assert.Equal(vm.Config.HostKeyFingerprint, ConsoleLog.AnnouncedHostKey(vm.ConsoleLogPath));
        Assert.NotEqual(decoyFingerprint, vm.Config.HostKeyFingerprint);
        // Persisted with the key at the first boot, read back by the later ones (no ssh-keygen at each boot).
        Assert.Equal(vm.Config.HostKeyFingerprint + "\n", (await vm.RunAsync("cat /var/lib/boot2podman/etc/ssh/ssh_host_ed25519_key.sha256")).EnsureSuccess().StandardOutput);
        Assert.Equal(0, (await vm.RunAsync("test -s /var/lib/boot2podman/userdata.keys")).ExitCode);
        Assert.Equal(token + "\n", (await vm.RunAsync("cat /var/lib/boot2podman/persistence-marker")).EnsureSuccess().StandardOutput);
        Assert.Equal(cacheFile, (await vm.RunAsync($"stat -c '%i %Y' {versionCache}")).EnsureSuccess().StandardOutput);
        Assert.Equal(cached, (await vm.RunAsync($"cat {versionCache}")).EnsureSuccess().StandardOutput);
        Assert.Equal(0, (await vm.RunAsync("podman image exists localhost/persist:1")).ExitCode);
        Assert.Equal("persisted\n", (await vm.RunAsync("podman run --rm localhost/persist:1 echo persisted")).EnsureSuccess().StandardOutput);
        Assert.DoesNotContain(ConsoleLog.ReadLines(vm.ConsoleLogPath), l => l.Contains("boot2podman: formatting", StringComparison.Ordinal));
        Assert.False(ConsoleLog.HasLine(vm.ConsoleLogPath, ConsoleLog.NoDataDiskLine));
    }
}
