using System.Globalization;
using System.Security.Cryptography;
using Varlink;
using Varlink.Ssh;

namespace Podman.Machine.Tests;

/// <summary>
/// The boot phases the shared VM's first boot recorded, and snapshots of it: saved while it runs (it runs
/// on), resumed by clones that answer over SSH and io.podman with the clock right, run containers, and do
/// not see each other's changes.
/// </summary>
[Collection(ApplianceCollection.Name)]
public sealed class SnapshotTests(ApplianceFixture appliance, ITestOutputHelper output)
{
    private static readonly string[] GuestPhases = ["init", "modules", "network", "datadisk", "keys", "sshd", "podman", "io.podman", "ready"];

    // The orders the boot guarantees: the boot script's steps, sshd after its keys, io.podman after podman, ready last.
    // sshd and podman start beside each other (services.d/20-sshd derives the keys first), so either may come first;
    // DHCP runs in the background from the modules on, so the network phase (the first lease) may come later.
    private static readonly (string Before, string After)[] GuestOrder =
    [
        ("init", "modules"), ("modules", "network"), ("modules", "datadisk"), ("datadisk", "keys"), ("keys", "sshd"),
        ("datadisk", "podman"), ("podman", "io.podman"), ("sshd", "ready"), ("io.podman", "ready"),
    ];

    [Fact]
    public void TheFirstBootRecordedEveryGuestPhaseInOrderBetweenTheHostSteps()
    {
        MachineBootTimings timings = appliance.FirstBootTimings;
        output.WriteLine(timings.FormatTable());

        Assert.False(timings.Restored);
        List<MachineBootPhase> guest = timings.Phases.Where(p => p.GuestUptime is not null).ToList();
        Assert.Equal(GuestPhases.Order(), guest.Select(p => p.Name).Order());
        // Phases printed by different guest processes (the boot, the DHCP handler, 20-sshd, announce) may reach the
        // console in either order when they come together; the ordered pairs are each printed after the other.
        foreach ((string before, string after) in GuestOrder)
        {
            MachineBootPhase first = guest.Single(p => p.Name == before), second = guest.Single(p => p.Name == after);
            Assert.True(guest.IndexOf(first) < guest.IndexOf(second), $"{before} after {after}");
            Assert.True(first.GuestUptime <= second.GuestUptime, $"{before} at a later uptime than {after}");
            Assert.True(first.HostElapsed <= second.HostElapsed, $"{before} seen after {after}");
        }

        for (int i = 1; i < guest.Count; i++)
        {
            Assert.True(guest[i - 1].HostElapsed <= guest[i].HostElapsed, $"{guest[i - 1].Name} seen after {guest[i].Name}");   // recorded as seen
        }

        Assert.Equal(MachineBootTimings.QemuStarted, timings.Phases[0].Name);
        Assert.Equal([MachineBootTimings.SshConnected, MachineBootTimings.Ready], timings.Phases.TakeLast(2).Select(p => p.Name));
        Assert.True(timings.HostElapsedOf("ready") <= timings.HostElapsedOf(MachineBootTimings.SshConnected));
        Assert.Equal(appliance.FirstBoot, timings.Total);
    }

    [Fact]
    public async Task ClonesResumeTheSnapshotReadyWithTheClockRightAndDoNotSeeEachOthersContainers()
    {
        using var dir = new TempDirectory();
        string golden = dir.File("golden");
        // The boot's background work still going on (as right after a boot, when the deferred coldplug runs): the
        // save waits for it to end (here: once the boot's own coldplug is done, a guest job makes coldplug.done 8 s
        // from now, and nothing else does), so no clone resumes it.
        (await appliance.Machine.RunAsync(
            "n=0; while [ ! -e /run/boot2podman/announced ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done; " +
            "rm -f /run/boot2podman/coldplug.done; : >/run/boot2podman/coldplug.deferred; " +
            "(sleep 8; : >/run/boot2podman/coldplug.done) </dev/null >/dev/null 2>&1 &", TimeSpan.FromMinutes(2))).EnsureSuccess();
        MachineSnapshot snapshot = await appliance.Machine.SaveSnapshotAsync(golden);
        Assert.Equal("running-on\n", (await appliance.Machine.RunAsync("echo running-on")).EnsureSuccess().StandardOutput);
        Assert.True(await snapshot.MatchesIsoAsync(appliance.Iso));
        Assert.Equal(appliance.Machine.RuntimeState!.CpuModel, snapshot.CpuModel);   // the clones resume on it
        Assert.True(snapshot.VmGenerationId);
        Assert.Equal(await File.ReadAllTextAsync(appliance.Machine.Config.HostKeyFile + ".pub"), await File.ReadAllTextAsync(Path.Combine(golden, "ssh_host_ed25519_key.pub")));
        string baseDisk = await HashAsync(Path.Combine(golden, "disk.qcow2"));

        var store = new MachineStore(dir.File("machines"));
        await using (PodmanMachine first = await store.CreateFromSnapshotAsync("clone1", golden))
        {
            try
            {
                await StartAndCheckAsync(first, "first clone");
                Assert.Equal(snapshot.CpuModel, first.RuntimeState!.CpuModel);
                (await first.RunAsync($"podman run -d --name after-restore {ApplianceFixture.BusyboxImage} sleep 600")).EnsureSuccess();
                Assert.Equal("running\n", (await first.RunAsync("podman inspect after-restore --format '{{.State.Status}}'")).EnsureSuccess().StandardOutput);
                Assert.Equal("hello after restore\n",
                    (await first.RunAsync($"podman run --rm {ApplianceFixture.BusyboxImage} echo hello after restore")).EnsureSuccess().StandardOutput);
            }
            finally
            {
                await first.KillAsync();
            }
        }

        await using PodmanMachine second = await store.CreateFromSnapshotAsync("clone2", golden);
        try
        {
            await StartAndCheckAsync(second, "second clone");
            Assert.Equal("", (await second.RunAsync("podman ps -a --filter name=after-restore --format '{{.Names}}'")).EnsureSuccess().StandardOutput.Trim());
            Assert.Equal(0, (await second.RunAsync($"podman image exists {ApplianceFixture.BusyboxImage}")).ExitCode);   // what the snapshot had
            Assert.Equal(appliance.Machine.Config.HostKeyFingerprint, second.Config.HostKeyFingerprint);            // shared, as README says
        }
        finally
        {
            await second.KillAsync();
        }

        Assert.Equal(baseDisk, await HashAsync(Path.Combine(golden, "disk.qcow2")));   // clones write to their overlays only
    }

    private async Task StartAndCheckAsync(PodmanMachine clone, string what)
    {
        await clone.StartAsync(new MachineStartOptions { BootTimeout = ApplianceFixture.BootTimeout });
        MachineBootTimings timings = clone.LastBootTimings!;
        BootTimes.Record($"start of the {what} from a snapshot: {timings.Total.TotalSeconds:0.0} s", timings);
        output.WriteLine(timings.FormatTable());

        Assert.True(timings.Restored);
        Assert.NotNull(clone.RuntimeState!.RestoredFromSnapshot);
        Assert.Equal([MachineBootTimings.QemuStarted, MachineBootTimings.StateLoaded, MachineBootTimings.SshBanner, MachineBootTimings.SshHostKey,
                MachineBootTimings.SshConnected, MachineBootTimings.ClockSet, MachineBootTimings.Ready],
            timings.Phases.Select(p => p.Name));   // resumed: no boot phase on the console

        // The clone's VM generation ID changed as it resumed: its kernel reseeded its RNG (vmgenid), so clones do not
        // go on from the snapshot's random state.
        Assert.Contains("crng reseeded due to virtual machine fork", (await clone.RunAsync("dmesg")).EnsureSuccess().StandardOutput);
        Assert.True(clone.RuntimeState!.VmGenerationId);

        // Saved once the background work was done: the clone does not resume it (its guest job would end 8 s in).
        Assert.Equal(0, (await clone.RunAsync("test -e /run/boot2podman/coldplug.done")).ExitCode);

        long guest = long.Parse((await clone.RunAsync("date -u +%s")).EnsureSuccess().StandardOutput.Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(guest - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -5, 5);

        await using var transport = new SshVarlinkTransport(clone.CreateVarlinkOptions());
        await using var connection = await VarlinkConnection.ConnectAsync(transport);
        var reply = await connection.CallAsync("io.podman.GetVersion");
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("version").GetString()));
    }

    private static async Task<string> HashAsync(string path)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
