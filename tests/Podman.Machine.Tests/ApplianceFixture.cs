namespace Podman.Machine.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApplianceCollection : ICollectionFixture<ApplianceFixture>
{
    public const string Name = "Appliance VM (qemu)";
}

/// <summary>
/// One appliance VM per test run: created with a format-me data disk from the boot2podman ISO
/// (<c>$BOOT2PODMAN_ISO</c> or the repository's <c>artifacts/boot2podman.iso</c>), booted under qemu
/// (TCG here), with a busybox image imported. A failed boot fails every test with the console tail.
/// </summary>
public sealed class ApplianceFixture : IAsyncLifetime
{
    public const string BusyboxImage = "localhost/bb:test";
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);

    private readonly TempDirectory _dir = new();

    public MachineStore Store => new(_dir.File("machines"));

    public PodmanMachine Machine { get; private set; } = null!;

    public TimeSpan FirstBoot { get; private set; }

    public string Iso { get; private set; } = "";

    public static string LocateIso()
    {
        try
        {
            return IsoLocator.Locate();
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException($"The appliance tests need the ISO. {e.Message}", e);
        }
    }

    public async Task InitializeAsync()
    {
        Iso = LocateIso();
        Machine = await Store.CreateAsync(new MachineCreateOptions { Name = "shared", IsoPath = Iso, DataDiskSizeBytes = 8L * 1024 * 1024 * 1024 });
        await Machine.StartAsync(new MachineStartOptions { BootTimeout = BootTimeout });
        FirstBoot = Machine.LastBootDuration!.Value;
        BootTimes.Record($"first boot with a new format-me data disk: {FirstBoot.TotalSeconds:0.0} s ({Machine.RuntimeState?.Accelerator})");
        await Tests.BusyboxImage.ImportAsync(Machine, BusyboxImage);
    }

    public async Task DisposeAsync()
    {
        if (Machine is not null)
        {
            await Machine.StopAsync(TimeSpan.FromMinutes(2));
            await Machine.DisposeAsync();
        }

        _dir.Dispose();
    }
}
