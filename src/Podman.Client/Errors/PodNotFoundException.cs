namespace Podman.Client;

/// <summary>No pod has that name or id (<c>io.podman.PodNotFound</c>).</summary>
public sealed class PodNotFoundException : PodmanNotFoundException
{
    /// <summary>The varlink error name.</summary>
    public const string QualifiedName = "io.podman.PodNotFound";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="id">The pod name or id.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public PodNotFoundException(string method, string id, string reason, Exception? innerException = null)
        : base(method, QualifiedName, id, reason, innerException)
    {
    }
}
