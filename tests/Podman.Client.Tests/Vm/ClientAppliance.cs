using Podman.Machine;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClientApplianceCollection : ICollectionFixture<ClientApplianceFixture>
{
    public const string Name = "Podman.Client in the appliance VM (qemu)";
}

/// <summary>
/// The Podman.Testing fixture with its host registry (<see cref="PodmanApplianceFixture.HostRegistry"/>: Debian's
/// docker-registry, which podman in the VM trusts) and a busybox image imported (no registry on the internet to pull from).
/// </summary>
public sealed class ClientApplianceFixture : PodmanApplianceFixture
{
    public const string Image = "localhost/bb:test";

    private readonly bool _startsHostRegistry;
    private int _names;

    public ClientApplianceFixture()
        : this(startsHostRegistry: true)
    {
    }

    /// <summary>A fixture of the same machine shape (so the same golden snapshot), with or without the host registry.</summary>
    internal ClientApplianceFixture(bool startsHostRegistry) => _startsHostRegistry = startsHostRegistry;

    protected override bool StartsHostRegistry => _startsHostRegistry;

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

    protected override Task OnReadyAsync(PodmanMachine machine, PodmanClient client) => BusyboxImage.ImportAsync(machine, Image);
}
