namespace Podman.Client;

/// <summary>What removing an image did.</summary>
/// <param name="Untagged">Names removed.</param>
/// <param name="Deleted">The id deleted (empty when only names were removed).</param>
public sealed record ImageRemoveResult(IReadOnlyList<string> Untagged, string Deleted);
