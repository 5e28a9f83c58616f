namespace Podman.Client;

/// <summary>What removing volumes did.</summary>
/// <param name="Removed">Volumes removed.</param>
/// <param name="Failures">Volume → why it was not removed.</param>
public sealed record VolumeRemoveResult(IReadOnlyList<string> Removed, IReadOnlyDictionary<string, string> Failures);
