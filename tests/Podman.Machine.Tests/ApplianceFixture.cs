namespace Podman.Machine.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApplianceCollection : ICollectionFixture<ApplianceFixture>
{
    public const string Name = "Appliance VM (qemu)";
}

/// <summary>
/// One appliance VM per test run: created with a format-me data disk from the boot2podman ISO
/// (<c>$BOOT2PODMAN_ISO</c> or the repository's <c>artifacts/boot2podman.iso</c>), booted under qemu
/// (Auto: KVM when the guest runs under it, TCG otherwise), with a busybox image imported. A failed boot
/// fails every test with the console tail; a missing ISO fails every test with why (the build's error).
/// </summary>
public sealed class ApplianceFixture : IAsyncLifetime
{
    public const string BusyboxImage = "localhost/bb:test";
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);

    private readonly TempDirectory _dir = new();

    public MachineStore Store => new(_dir.File("machines"));

    public PodmanMachine Machine { get; private set; } = null!;

    public TimeSpan FirstBoot { get; private set; }

    public MachineBootTimings FirstBootTimings { get; private set; } = null!;

    public string Iso { get; private set; } = "";

    /// <summary>
    /// The ISO (<paramref name="explicitPath"/>, else <c>$BOOT2PODMAN_ISO</c>, else the repository's); when it
    /// is missing, an error that every appliance test fails with, ending with the failed build's output
    /// (<c>&lt;iso&gt;.build-error</c>) when scripts/test.sh left one.
    /// </summary>
    public static string LocateIso(string? explicitPath = null)
    {
        try
        {
            return IsoLocator.Locate(explicitPath);
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
        FirstBootTimings = Machine.LastBootTimings!;
        BootTimes.Record($"first boot with a new format-me data disk: {FirstBoot.TotalSeconds:0.0} s ({Machine.RuntimeState?.Accelerator}: {Machine.RuntimeState?.AcceleratorReason})", FirstBootTimings);
        await Podman.Testing.BusyboxImage.ImportAsync(Machine, BusyboxImage);
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
