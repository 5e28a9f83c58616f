namespace Podman.Client;

/// <summary>What a <see cref="PodmanEvent"/> is about.</summary>
public enum PodmanEventType
{
    /// <summary>A type this version does not know.</summary>
    Unknown,

    /// <summary>A container.</summary>
    Container,

    /// <summary>An image.</summary>
    Image,

    /// <summary>A pod.</summary>
    Pod,

    /// <summary>A volume.</summary>
    Volume,

    /// <summary>podman itself (refresh, renumber, …).</summary>
    System,
}
