using System.Diagnostics;

namespace Podman.Machine.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Host processes (fake qemu, sshd)";
}

[Collection(ProcessCollection.Name)]
public sealed class BootFailureTests
{
    [Fact]
    public async Task QemuThatExitsEarlyThrowsWithItsErrorAndTheConsoleTail()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("early");

        MachineBootException e = await Assert.ThrowsAsync<MachineBootException>(
            () => machine.StartAsync(FakeQemu.Options("exits-early.sh", TimeSpan.FromMinutes(1))));

        Assert.Contains("exited with 1", e.Message);
        Assert.Contains("could not open the disk", e.Message);
        Assert.Contains("Kernel panic - not syncing: fake root fs missing", e.ConsoleTail);
        Assert.Contains("Kernel panic - not syncing: fake root fs missing", e.Message);
        Assert.DoesNotContain("\r", e.ConsoleTail);
        Assert.False(machine.IsRunning);
    }

    [Fact]
    public async Task GuestThatDiesDuringBootThrowsWithItsLastConsoleLines()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("dies");

        MachineBootException e = await Assert.ThrowsAsync<MachineBootException>(
            () => machine.StartAsync(FakeQemu.Options("dies-after-start.sh", TimeSpan.FromMinutes(2))));

        Assert.Contains("qemu exited while the machine 'dies' was booting", e.Message);
        Assert.Contains("fake guest: out of memory, dying", e.ConsoleTail);
        Assert.Equal(machine.ConsoleLogPath, e.ConsoleLogPath);
    }

    [Fact]
    public async Task GuestThatIsNeverReadyTimesOutIsKilledAndReportsTheConsole()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("slow");
        var clock = Stopwatch.StartNew();

        MachineBootException e = await Assert.ThrowsAsync<MachineBootException>(
            () => machine.StartAsync(FakeQemu.Options("never-ready.sh", TimeSpan.FromSeconds(3))));

        Assert.Contains("was not ready after 3 s", e.Message);
        Assert.Contains("boot2podman: ready", e.Message);
        Assert.Contains("fake guest: still mounting things", e.ConsoleTail);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        Assert.False(machine.IsRunning, "the VM that did not come up is killed");
        Assert.False(File.Exists(Path.Combine(machine.Directory, "runtime.json")));
    }

    [Fact]
    public async Task StartingTwiceIsRefusedAndStopOfAStoppedMachineSaysNotRunning()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("twice");
        await machine.StartAsync(FakeQemu.Options("never-ready.sh", TimeSpan.FromSeconds(3)) with { WaitUntilReady = false });
        Assert.True(machine.IsRunning);
        Assert.Equal(MachineAccelerator.Tcg, machine.RuntimeState?.Accelerator);

        MachineException e = await Assert.ThrowsAsync<MachineException>(
            () => machine.StartAsync(FakeQemu.Options("never-ready.sh", TimeSpan.FromSeconds(3))));
        Assert.Contains("running already", e.Message);

        // No QMP socket in the fake: stop falls back to killing.
        Assert.Equal(MachineStopOutcome.Killed, await machine.StopAsync(TimeSpan.FromSeconds(5)));
        Assert.False(machine.IsRunning);
        Assert.Equal(MachineStopOutcome.NotRunning, await machine.StopAsync());
    }
}
