namespace Podman.Client;

/// <summary>Resource usage of a pod's containers.</summary>
/// <param name="PodId">The pod.</param>
/// <param name="Containers">One sample per container.</param>
public sealed record PodStats(string PodId, IReadOnlyList<ContainerStats> Containers);
