namespace Podman.Machine.Tests;

/// <summary>The fake qemu scripts (FakeQemu/*.sh) and a throw-away store whose machines use them.</summary>
internal sealed class FakeQemu : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<PodmanMachine> _machines = [];

    public MachineStore Store => new(_dir.File("machines"));

    public static string Script(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FakeQemu", name);
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return path;
    }

    public static MachineStartOptions Options(string script, TimeSpan bootTimeout) => new()
    {
        QemuPath = Script(script),
        BootTimeout = bootTimeout,
        BootFromIso = true,   // the fake ISO has no kernel to boot directly
        KvmDevicePath = "/nonexistent/kvm",
    };

    /// <summary>
    /// Options whose KVM probe sees a fake device that passes (open, API version, VM creation), as the
    /// probe does on a host whose /dev/kvm creates VMs, so that Auto tries KVM on any machine.
    /// </summary>
    public static MachineStartOptions WithPassingKvmProbe(MachineStartOptions options) => options with
    {
        KvmDevicePath = FakeKvmDevice,
        ProbeKvm = path => new KvmAvailability(path == FakeKvmDevice, $"{path} (a fake device) answers API version 12 and creates VMs."),
    };

    public const string FakeKvmDevice = "/fake/dev/kvm";

    /// <summary>The command lines the kvm-*.sh fakes were started with, in order.</summary>
    public static string[] Launches(PodmanMachine machine)
    {
        string path = Path.Combine(machine.Directory, "launches.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public async Task<PodmanMachine> CreateAsync(string name, MachineAccelerator accelerator = MachineAccelerator.Auto)
    {
        string iso = _dir.File("fake.iso");
        await File.WriteAllTextAsync(iso, "fake");
        PodmanMachine machine = await Store.CreateAsync(new MachineCreateOptions { Name = name, IsoPath = iso, DataDiskSizeBytes = null, Accelerator = accelerator });
        _machines.Add(machine);
        return machine;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (PodmanMachine machine in _machines)
        {
            await machine.KillAsync();
            await machine.DisposeAsync();
        }

        _dir.Dispose();
    }
}
