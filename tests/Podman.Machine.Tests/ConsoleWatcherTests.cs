namespace Podman.Machine.Tests;

public sealed class ConsoleWatcherTests
{
    [Fact]
    public void PhasesAreTakenWithTheHostTimeTheyWereFirstSeenAndTheGuestUptimeTheyCarry()
    {
        using var dir = new TempDirectory();
        string log = dir.File("console.log");
        var phases = new List<MachineBootPhase>();
        TimeSpan now = TimeSpan.FromSeconds(1);
        var watcher = new ConsoleWatcher(log, () => now, phases);

        watcher.Poll();   // no log yet
        Assert.Empty(phases);

        File.WriteAllText(log, "SeaBIOS\r\nboot2podman: phase init 2.51\r\nboot2podman: phase modu");
        now = TimeSpan.FromSeconds(3);
        watcher.Poll();
        Assert.Equal(new MachineBootPhase[] { new(MachineBootTimings.FirstConsoleOutput, now, null), new("init", now, TimeSpan.FromSeconds(2.51)) }, phases);

        File.AppendAllText(log, "les 4.00\r\nboot2podman: phase modules 9.99\r\n~ # boot2podman: ssh-host-key ed25519 SHA256:abc\r\nboot2podman: phase ready 7.25\r\nboot2podman: ready\r\n");
        now = TimeSpan.FromSeconds(8);
        watcher.Poll();

        Assert.Equal(["console output", "init", "modules", "ready"], phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(4), phases[2].GuestUptime);   // a line split across polls, the first one counts
        Assert.Equal(TimeSpan.FromSeconds(8), phases[3].HostElapsed);
        Assert.True(watcher.SawReady);
        Assert.Equal("SHA256:abc", watcher.AnnouncedHostKey);
    }

    [Fact]
    public void ThePhaseLineWithoutItsReadyLineIsNotReady()
    {
        using var dir = new TempDirectory();
        string log = dir.File("console.log");
        File.WriteAllText(log, "boot2podman: phase ready 7.25\n");
        var watcher = new ConsoleWatcher(log, () => TimeSpan.Zero, new List<MachineBootPhase>());

        watcher.Poll();

        Assert.False(watcher.SawReady);
    }

    [Theory]
    [InlineData("boot2podman: phase io.podman 12.05", "io.podman", 12.05)]
    [InlineData("~ # boot2podman: phase keys 0.5", "keys", 0.5)]
    public void PhaseLinesParse(string line, string name, double seconds)
    {
        Assert.Equal((name, TimeSpan.FromSeconds(seconds)), ConsoleWatcher.ParsePhase(line));
    }

    [Theory]
    [InlineData("boot2podman: ready")]
    [InlineData("boot2podman: phase init")]
    [InlineData("boot2podman: phase init soon")]
    [InlineData("boot2podman: phase init -1")]
    public void OtherLinesAreNoPhase(string line)
    {
        Assert.Null(ConsoleWatcher.ParsePhase(line));
    }

    [Fact]
    public void TheTableListsEveryPhaseWithGuestAndHostSeconds()
    {
        var timings = new MachineBootTimings(
            [new(MachineBootTimings.QemuStarted, TimeSpan.FromSeconds(0.2), null), new("init", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2.5)),
             new(MachineBootTimings.Ready, TimeSpan.FromSeconds(9.876), null)], restored: false);

        string[] lines = timings.FormatTable().TrimEnd().Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^qemu started +- +0\.20$", lines[1]);
        Assert.Matches(@"^init +2\.50 +3\.00$", lines[2]);
        Assert.EndsWith("9.88", lines[3]);
        Assert.Equal(TimeSpan.FromSeconds(9.876), timings.Total);
        Assert.Equal(TimeSpan.FromSeconds(3), timings.HostElapsedOf("init"));
    }
}
