using Podman.Machine;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClientApplianceCollection : ICollectionFixture<ClientApplianceFixture>
{
    public const string Name = "Podman.Client in the appliance VM (qemu)";
}

/// <summary>
/// The Podman.Testing fixture, with a busybox image imported (no registry on the internet to pull from) and a
/// registry on the host (Debian's docker-registry, <see cref="HostRegistry"/>) that podman in the VM trusts.
/// </summary>
/// <remarks>
/// It implements <see cref="IAsyncLifetime"/> again so that its own <see cref="IAsyncLifetime.DisposeAsync"/> (the
/// VM first, then the registry) is what xunit calls; the base class's disposal is not virtual.
/// </remarks>
public sealed class ClientApplianceFixture : PodmanApplianceFixture, IAsyncLifetime
{
    public const string Image = "localhost/bb:test";

    private HostRegistry? _registry;
    private int _names;

    /// <summary>The registry on the host; the VM reaches it at <see cref="HostRegistry.GuestAddress"/>.</summary>
    public HostRegistry Registry => _registry ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A name not used before in this run (containers, pods, volumes, image tags).</summary>
    public string NewName(string what) => $"{what}-{Interlocked.Increment(ref _names)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A command in the VM that must succeed: its standard output.</summary>
    public async Task<string> ShAsync(string command) => (await Machine.RunAsync(command, TimeSpan.FromMinutes(3))).EnsureSuccess().StandardOutput;

    /// <summary>The pids of the <c>varlink bridge</c> processes in the VM: one per open io.podman connection over SSH.</summary>
    public async Task<IReadOnlySet<int>> BridgePidsAsync()
    {
        var output = await ShAsync("""for p in /proc/[0-9]*; do case "$(tr '\0' ' ' < $p/cmdline 2>/dev/null)" in 'varlink bridge '*) echo ${p#/proc/};; esac; done""");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
    }

    /// <summary>Waits (up to a minute, polling) until none of <paramref name="pids"/> is a running bridge any more.</summary>
    public async Task WaitUntilBridgesEndAsync(IReadOnlyCollection<int> pids)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; attempt < 120 && clock.Elapsed < TimeSpan.FromMinutes(1); attempt++)
        {
            var left = (await BridgePidsAsync()).Intersect(pids).ToList();
            if (left.Count == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Fail($"bridges {string.Join(", ", pids)} still run in the VM a minute later: their connections were not closed");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await DisposeAsync();
        }
        finally
        {
            if (_registry is not null)
            {
                await _registry.DisposeAsync();
            }
        }
    }

    protected override async Task OnReadyAsync(PodmanMachine machine, PodmanClient client)
    {
        await BusyboxImage.ImportAsync(machine, Image);
        _registry = await HostRegistry.StartAsync();
        await _registry.TrustAsync(machine, client);
    }
}
