namespace Podman.Client;

/// <summary>A container, as listed.</summary>
/// <param name="Id">Full id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Image">The image it was created from, as named.</param>
/// <param name="ImageId">The image's id.</param>
/// <param name="Command">Its command.</param>
/// <param name="Created">When it was created.</param>
/// <param name="State">Its state.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Ports">Published ports.</param>
/// <param name="Mounts">Mounts.</param>
/// <param name="RootFsSize">Size of its root file system in bytes (0 when not computed).</param>
/// <param name="RwSize">Size of its writable layer in bytes (0 when not computed).</param>
public sealed record ContainerSummary(
    string Id, string Name, string Image, string ImageId, IReadOnlyList<string> Command, DateTimeOffset? Created, ContainerState State,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PortMapping> Ports, IReadOnlyList<ContainerMountInfo> Mounts, long RootFsSize, long RwSize)
{
    /// <summary>Whether it is running.</summary>
    public bool IsRunning => State == ContainerState.Running;
}
