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
        KvmDevicePath = "/nonexistent/kvm",
    };

    public async Task<PodmanMachine> CreateAsync(string name)
    {
        string iso = _dir.File("fake.iso");
        await File.WriteAllTextAsync(iso, "fake");
        PodmanMachine machine = await Store.CreateAsync(new MachineCreateOptions { Name = name, IsoPath = iso, DataDiskSizeBytes = null });
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
