namespace Podman.Client;

/// <summary>No image has that name or id (<c>io.podman.ImageNotFound</c>).</summary>
public sealed class ImageNotFoundException : PodmanNotFoundException
{
    /// <summary>The varlink error name.</summary>
    public const string QualifiedName = "io.podman.ImageNotFound";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="id">The image name or id.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public ImageNotFoundException(string method, string id, string reason, Exception? innerException = null)
        : base(method, QualifiedName, id, reason, innerException)
    {
    }
}
