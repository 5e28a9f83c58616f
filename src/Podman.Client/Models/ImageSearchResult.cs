namespace Podman.Client;

/// <summary>A registry search hit.</summary>
/// <param name="Name">Image name.</param>
/// <param name="Description">Description.</param>
/// <param name="Registry">The registry.</param>
/// <param name="Stars">Star count.</param>
/// <param name="IsOfficial">Whether it is an official image.</param>
/// <param name="IsAutomated">Whether it is an automated build.</param>
public sealed record ImageSearchResult(string Name, string Description, string Registry, long Stars, bool IsOfficial, bool IsAutomated);
