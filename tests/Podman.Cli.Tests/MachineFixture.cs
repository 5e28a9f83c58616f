using Podman.Client;
using Podman.Machine;
using Podman.Testing;

namespace Podman.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection : ICollectionFixture<MachineFixture>
{
    public const string Name = "vm";
}

/// <summary>
/// One appliance VM for the collection: Podman.Testing's fixture (it resumes the golden snapshot of this ISO
/// when one exists, else boots cold and saves one), reached by the CLI as a process through the machine's
/// store and name. The fixture's own preparation goes through the CLI too: the busybox test image
/// (<see cref="Image"/>) gets in with <c>podman-cli import</c> (io.podman SendFile + ImportImage), and Debian's
/// docker-registry runs on the host (<see cref="GuestRegistry"/>, marked insecure in the guest).
/// </summary>
public sealed class MachineFixture : PodmanApplianceFixture, IAsyncLifetime
{
    public const string Name = "clivm";

    /// <summary>The test image in the guest.</summary>
    public const string Image = "localhost/bb:test";

    private HostRegistry? _registry;

    /// <summary>The registry as the guest reaches it (<c>10.0.2.2:port</c>).</summary>
    public string GuestRegistry => _registry?.GuestAddress ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The machine store the CLI is pointed at (<c>--store</c>).</summary>
    public string Store => Path.GetDirectoryName(Machine.Directory)!;

    /// <summary>The machine's name in <see cref="Store"/>.</summary>
    public string MachineName => Machine.Name;

    /// <summary>What <c>podman-cli import</c> printed for the test image.</summary>
    public CliResult Import { get; private set; } = null!;

    /// <summary>A container verb's words with the store and this machine in front (root options, so pass-through verbs keep their words).</summary>
    public string[] Podman(params string[] words) => ["--store", Store, "--connection", MachineName, .. words];

    /// <summary>A machine verb's words (<c>machine VERB</c>) with this machine and its store after the verb.</summary>
    public string[] Args(params string[] arguments) => [.. arguments.Take(2), MachineName, "--store", Store, .. arguments.Skip(2)];

    // The default shape (memory, CPUs, data disk), so the golden snapshot is the one the other VM suites use.
    protected override MachineCreateOptions CreateOptions => base.CreateOptions with { Name = Name };

    protected override async Task OnReadyAsync(PodmanMachine machine, PodmanClient client)
    {
        string rootfs = Path.Combine(Path.GetTempPath(), $"podman-cli-tests-rootfs-{Guid.NewGuid():N}.tar");
        try
        {
            await File.WriteAllBytesAsync(rootfs, await BusyboxImage.BuildRootfsTarAsync());
            Import = await CliRunner.RunAsync(Podman("import", "--change", "CMD=/bin/sh", rootfs, Image), timeout: TimeSpan.FromMinutes(5));
            if (Import.ExitCode != 0)
            {
                throw new InvalidOperationException($"podman-cli import failed ({Import.ExitCode}): {Import.Error}");
            }
        }
        finally
        {
            File.Delete(rootfs);
        }

        _registry = await HostRegistry.StartAsync();
        await _registry.TrustAsync(machine, client);
    }

    // The VM first (stopped and removed by the base class), then the registry, also when the stop fails.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await using (_registry)
        {
            await DisposeAsync();
        }
    }
}
