namespace Podman.Client;

/// <summary>What changed in a container's file system since it was created.</summary>
/// <param name="Changed">Paths modified.</param>
/// <param name="Added">Paths added.</param>
/// <param name="Deleted">Paths deleted.</param>
public sealed record ContainerChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> Added, IReadOnlyList<string> Deleted);
