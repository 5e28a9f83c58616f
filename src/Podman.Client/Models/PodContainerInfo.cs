namespace Podman.Client;

/// <summary>A container of a pod.</summary>
/// <param name="Id">Container id.</param>
/// <param name="Name">Container name.</param>
/// <param name="State">Its state.</param>
public sealed record PodContainerInfo(string Id, string Name, ContainerState State);
