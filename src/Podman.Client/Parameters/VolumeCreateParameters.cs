namespace Podman.Client;

/// <summary>What a new volume is.</summary>
public sealed record VolumeCreateParameters
{
    /// <summary>The name (podman picks one when null).</summary>
    public string? Name { get; init; }

    /// <summary>The driver (<c>local</c> when null).</summary>
    public string? Driver { get; init; }

    /// <summary>Labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Driver options.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
