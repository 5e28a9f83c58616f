namespace Podman.Client;

/// <summary>What pruning volumes did.</summary>
/// <param name="Removed">Volumes removed.</param>
/// <param name="Errors">Errors for those that were not.</param>
public sealed record VolumePruneResult(IReadOnlyList<string> Removed, IReadOnlyList<string> Errors);
