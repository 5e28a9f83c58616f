using System.Diagnostics;

namespace Podman.Machine.Tests;

/// <summary>
/// The real host, its real /dev/kvm and the real qemu: <see cref="MachineAccelerator.Auto"/> must end on
/// KVM exactly when qemu, run here directly under <c>-accel kvm</c>, runs a guest that prints on its
/// console. On a host whose /dev/kvm creates VMs but cannot run them (qemu: "failed to set MSR"), that
/// means: the probe says yes, qemu fails, Podman.Machine falls back to TCG and records qemu's message.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class KvmOnThisHostTests(ITestOutputHelper output)
{
    private const string Qemu = "qemu-system-x86_64";
    private static readonly TimeSpan QemuBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task AutoRunsUnderKvmExactlyWhenQemuRunsAGuestUnderKvmHere()
    {
        using var dir = new TempDirectory();
        string iso = dir.File("tiny.iso");
        TinyBootIso.Write(iso);
        KvmAvailability probe = KvmProbe.Probe();
        DirectRun direct = await RunUnderKvmAsync(iso, dir.File("direct-console.log"));
        output.WriteLine($"KVM probe: {(probe.IsUsable ? "yes" : "no")}, {probe.Reason}");
        output.WriteLine($"{Qemu} -accel kvm -cpu host, run directly: {direct.What}");
        Assert.True(probe.IsUsable || !direct.GuestRan, $"qemu ran a guest under KVM although the probe said no ({probe.Reason})");

        var store = new MachineStore(dir.File("machines"));
        await using PodmanMachine machine = await store.CreateAsync(new MachineCreateOptions { Name = "host", IsoPath = iso, DataDiskSizeBytes = null, MemoryMiB = 512 });
        try
        {
            // The tiny ISO has no kernel. Auto judges KVM by the guest's first console output within the same bound as
            // the direct run above: a host whose KVM works but greets only after 5 s (seen here: 5.0 s) is judged alike.
            await machine.StartAsync(new MachineStartOptions { WaitUntilReady = false, BootFromIso = true, KvmProgressTimeout = QemuBound });
            MachineRuntimeState state = machine.RuntimeState
                ?? throw new Xunit.Sdk.XunitException($"qemu is gone after the start; console: {ConsoleLog.Tail(machine.ConsoleLogPath)}");
            output.WriteLine($"Podman.Machine, Auto: {state.Accelerator}: {state.AcceleratorReason}");

            bool kvmExpected = probe.IsUsable && direct.GuestRan;
            Assert.Equal(kvmExpected ? MachineAccelerator.Kvm : MachineAccelerator.Tcg, state.Accelerator);
            if (probe.IsUsable && !direct.GuestRan)
            {
                Assert.NotNull(state.KvmFallbackReason);
                if (direct.FirstErrorLine is { } qemuSaid)
                {
                    Assert.Contains(qemuSaid, state.KvmFallbackReason);
                }
            }
            else
            {
                Assert.Null(state.KvmFallbackReason);
            }

            // Wherever it was put, the guest runs there: its greeting reaches the console.
            Assert.True(await ConsoleShowsAsync(machine.ConsoleLogPath, TinyBootIso.Greeting, TimeSpan.FromSeconds(60)),
                $"the guest did not greet under {state.Accelerator} within 60 s; console: {ConsoleLog.Tail(machine.ConsoleLogPath)}");
        }
        finally
        {
            await machine.KillAsync();
        }
    }

    private sealed record DirectRun(bool GuestRan, string What, string? FirstErrorLine);

    // qemu under KVM as Podman.Machine runs it (-accel kvm -cpu host), not daemonized, for at most QemuBound.
    private static async Task<DirectRun> RunUnderKvmAsync(string iso, string console)
    {
        var info = new ProcessStartInfo(Qemu,
            ["-accel", "kvm", "-cpu", "host", "-m", "256", "-cdrom", iso, "-boot", "d", "-display", "none", "-monitor", "none", "-serial", "file:" + console])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process qemu = Process.Start(info) ?? throw new InvalidOperationException($"{Qemu} did not start");
        qemu.StandardInput.Close();
        Task<string> stderr = qemu.StandardError.ReadToEndAsync();
        Task<string> stdout = qemu.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                if (ConsoleLog.ReadLines(console).Any(l => l.Contains(TinyBootIso.Greeting, StringComparison.Ordinal)))
                {
                    return new DirectRun(true, $"the guest printed its greeting after {clock.Elapsed.TotalSeconds:0.0} s", null);
                }

                if (qemu.HasExited)
                {
                    string said = (await stderr).Trim();
                    string? first = said.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
                    return new DirectRun(false, $"qemu exited with {qemu.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s: {said}", first);
                }

                if (clock.Elapsed > QemuBound)
                {
                    return new DirectRun(false, $"the guest printed nothing within {QemuBound.TotalSeconds:0} s (qemu still running; killed)", null);
                }

                await Task.Delay(PollInterval);
            }
        }
        finally
        {
            if (!qemu.HasExited)
            {
                qemu.Kill();
            }

            Assert.True(qemu.WaitForExit(TimeSpan.FromSeconds(20)), $"{Qemu} did not end within 20 s of SIGKILL");
            await Task.WhenAll(stderr, stdout).WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private static async Task<bool> ConsoleShowsAsync(string path, string text, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (ConsoleLog.ReadLines(path).Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(PollInterval);
        }

        return false;
    }
}
