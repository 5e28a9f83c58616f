using Podman.Machine;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClientApplianceCollection : ICollectionFixture<ClientApplianceFixture>
{
    public const string Name = "Podman.Client in the appliance VM (qemu)";
}

/// <summary>The Podman.Testing fixture, with a busybox image imported (the VM has no registry to pull from).</summary>
public sealed class ClientApplianceFixture : PodmanApplianceFixture
{
    public const string Image = "localhost/bb:test";

    protected override Task OnReadyAsync(PodmanMachine machine, PodmanClient client) => BusyboxImage.ImportAsync(machine, Image);
}
