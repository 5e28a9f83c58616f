using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Podman.Machine.Tests;

/// <summary>
/// <see cref="MachineAccelerator.Auto"/> keeps KVM only when the guest runs under it: fake qemus that fail
/// under <c>-accel kvm</c> the ways real hosts do, behind a KVM probe that passes, must end up under TCG
/// with the reason recorded (runtime.json, the logger); an explicit KVM is never replaced.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class KvmFallbackTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AutoStartsTheSameMachineUnderTcgWhenQemuUnderKvmExitsAtStart()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("msr");
        var logger = new ListLogger();

        await machine.StartAsync(FakeQemu.WithPassingKvmProbe(FakeQemu.Options("kvm-msr-fails.sh", Boot)) with { Logger = logger });

        MachineRuntimeState state = machine.RuntimeState!;
        Assert.Equal(MachineAccelerator.Tcg, state.Accelerator);
        Assert.Contains("failed to set MSR 0x10a to 0x69", state.KvmFallbackReason);
        Assert.Contains("failed to set MSR 0x10a to 0x69", state.AcceleratorReason);
        Assert.Contains(FakeQemu.FakeKvmDevice, state.AcceleratorReason);
        AssertRecorded(machine, logger, "failed to set MSR 0x10a to 0x69");

        string[] launches = FakeQemu.Launches(machine);
        Assert.Equal(2, launches.Length);
        Assert.Contains("-accel kvm -cpu host", launches[0]);
        Assert.Contains("-accel tcg -cpu max,la57=off ", launches[1]);
        Assert.Equal("max,la57=off", state.CpuModel);
        Assert.Equal(Normalized(launches[0]), Normalized(launches[1]));
        Assert.Equal("ok\n", (await machine.RunAsync("echo ok")).EnsureSuccess().StandardOutput);
    }

    [Fact]
    public async Task AutoKillsAKvmGuestThatPrintsNothingAndStartsItUnderTcg()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("silent");
        var logger = new ListLogger();
        MachineStartOptions options = FakeQemu.WithPassingKvmProbe(FakeQemu.Options("kvm-silent.sh", Boot)) with
        {
            Logger = logger,
            KvmProgressTimeout = TimeSpan.FromSeconds(2),
        };

        await machine.StartAsync(options);

        MachineRuntimeState state = machine.RuntimeState!;
        Assert.Equal(MachineAccelerator.Tcg, state.Accelerator);
        Assert.Contains("the guest printed nothing on its console within 2 s", state.KvmFallbackReason);
        AssertRecorded(machine, logger, "printed nothing on its console within 2 s");
        int kvmGuest = int.Parse(await File.ReadAllTextAsync(Path.Combine(machine.Directory, "kvm-guest.pid")));
        Assert.False(IsAlive(kvmGuest), $"the stalled KVM qemu (pid {kvmGuest}) is killed");
        Assert.NotEqual(kvmGuest, state.ProcessId);
        Assert.Equal(["-accel kvm", "-accel tcg"], FakeQemu.Launches(machine).Select(l => AcceleratorOf().Match(l).Value));
    }

    [Fact]
    public async Task AutoStartsUnderTcgWhenQemuUnderKvmDiesBeforeTheGuestPrints()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("dies");
        var logger = new ListLogger();

        await machine.StartAsync(FakeQemu.WithPassingKvmProbe(FakeQemu.Options("kvm-exits-after-start.sh", Boot)) with { Logger = logger });

        MachineRuntimeState state = machine.RuntimeState!;
        Assert.Equal(MachineAccelerator.Tcg, state.Accelerator);
        // Usually noticed while waiting for the console; on a busy host the process may be gone already
        // when qemu's start is checked. Either way it is the KVM start that failed, and TCG took over.
        Match gone = Regex.Match(state.KvmFallbackReason!, "qemu exited [0-9.]+ s after it started, before the guest printed anything|started but its process is gone");
        Assert.True(gone.Success, state.KvmFallbackReason);
        AssertRecorded(machine, logger, gone.Value);
    }

    [Fact]
    public async Task AutoKeepsKvmWhenTheGuestPrintsOnItsConsole()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("kvm");
        var logger = new ListLogger();

        await machine.StartAsync(FakeQemu.WithPassingKvmProbe(FakeQemu.Options("sshd-appliance.sh", Boot)) with { Logger = logger });

        MachineRuntimeState state = machine.RuntimeState!;
        Assert.Equal(MachineAccelerator.Kvm, state.Accelerator);
        Assert.Null(state.KvmFallbackReason);
        Assert.Contains("printed on its console under KVM", state.AcceleratorReason);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Message.Contains("runs under Kvm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplicitKvmFailsWithQemusMessageAndIsNotRetriedUnderTcg()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("explicit", MachineAccelerator.Kvm);

        MachineBootException e = await Assert.ThrowsAsync<MachineBootException>(
            () => machine.StartAsync(FakeQemu.WithPassingKvmProbe(FakeQemu.Options("kvm-msr-fails.sh", Boot))));

        Assert.Contains("exited with 1", e.Message);
        Assert.Contains("failed to set MSR 0x10a to 0x69", e.Message);
        Assert.Single(FakeQemu.Launches(machine));
        Assert.False(machine.IsRunning);
    }

    [Fact]
    public async Task AutoWithoutAWorkingKvmDeviceStartsUnderTcgAndSaysWhy()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("nokvm");

        await machine.StartAsync(FakeQemu.Options("kvm-msr-fails.sh", Boot) with { KvmDevicePath = "/dev/null", WaitUntilReady = false });

        MachineRuntimeState state = machine.RuntimeState!;
        Assert.Equal(MachineAccelerator.Tcg, state.Accelerator);
        Assert.Contains("KVM_GET_API_VERSION", state.AcceleratorReason);
        Assert.Null(state.KvmFallbackReason);
        Assert.Single(FakeQemu.Launches(machine));
    }

    [Fact]
    public async Task NonPositiveKvmProgressTimeoutIsRefusedNamingTheOption()
    {
        await using var fake = new FakeQemu();
        PodmanMachine machine = await fake.CreateAsync("zero");

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(
            () => machine.StartAsync(FakeQemu.Options("kvm-silent.sh", Boot) with { KvmProgressTimeout = TimeSpan.Zero }));

        Assert.Equal("options", e.ParamName);
        Assert.Contains(nameof(MachineStartOptions.KvmProgressTimeout), e.Message);
        Assert.Empty(FakeQemu.Launches(machine));
    }

    // The reason is in runtime.json (for other processes) and in a warning of the logger.
    private static void AssertRecorded(PodmanMachine machine, ListLogger logger, string reason)
    {
        using JsonDocument runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(machine.Directory, "runtime.json")));
        Assert.Equal("Tcg", runtime.RootElement.GetProperty("accelerator").GetString());
        Assert.Contains(reason, runtime.RootElement.GetProperty("kvmFallbackReason").GetString());
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(reason, StringComparison.Ordinal)
                                              && e.Message.Contains("again under TCG", StringComparison.Ordinal));
    }

    // A command line without what differs between the KVM and the TCG start: accelerator, CPU model, SSH port.
    private static string Normalized(string commandLine) =>
        ForwardedPort().Replace(AcceleratorAndCpu().Replace(commandLine, "-accel X -cpu X"), "127.0.0.1:PORT-:22");

    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex("-accel (kvm|tcg)")]
    private static partial Regex AcceleratorOf();

    [GeneratedRegex("-accel \\S+ -cpu \\S+")]
    private static partial Regex AcceleratorAndCpu();

    [GeneratedRegex("127\\.0\\.0\\.1:[0-9]+-:22")]
    private static partial Regex ForwardedPort();
}
