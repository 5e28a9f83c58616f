namespace Podman.Client;

/// <summary>A mount of a container.</summary>
/// <param name="Type"><c>bind</c>, <c>volume</c>, <c>tmpfs</c>, ….</param>
/// <param name="Source">The host path or volume.</param>
/// <param name="Destination">The path in the container.</param>
/// <param name="Options">Mount options.</param>
public sealed record ContainerMountInfo(string Type, string Source, string Destination, IReadOnlyList<string> Options);
