namespace Podman.Client;

/// <summary>No volume has that name or id (<c>io.podman.VolumeNotFound</c>).</summary>
public sealed class VolumeNotFoundException : PodmanNotFoundException
{
    /// <summary>The varlink error name.</summary>
    public const string QualifiedName = "io.podman.VolumeNotFound";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="id">The volume name or id.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public VolumeNotFoundException(string method, string id, string reason, Exception? innerException = null)
        : base(method, QualifiedName, id, reason, innerException)
    {
    }
}
