namespace Podman.Client;

/// <summary>A container's state, as podman 1.x named them.</summary>
public enum ContainerState
{
    /// <summary>podman did not say, or said something this version does not know.</summary>
    Unknown,

    /// <summary>Created but never initialized (podman 4's <c>created</c>).</summary>
    Configured,

    /// <summary>Initialized and ready to start (podman 4's <c>initialized</c>).</summary>
    Created,

    /// <summary>Running.</summary>
    Running,

    /// <summary>Stopped by podman.</summary>
    Stopped,

    /// <summary>Paused.</summary>
    Paused,

    /// <summary>Its process exited.</summary>
    Exited,

    /// <summary>Being removed.</summary>
    Removing,
}
