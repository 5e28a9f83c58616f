namespace Podman.Client;

/// <summary>One changed path of a container or image.</summary>
/// <param name="Path">The path.</param>
/// <param name="Kind">podman's change letter: <c>A</c> added, <c>C</c> changed, <c>D</c> deleted.</param>
public sealed record FileChange(string Path, string Kind);
