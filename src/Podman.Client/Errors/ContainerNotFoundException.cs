namespace Podman.Client;

/// <summary>No container has that name or id (<c>io.podman.ContainerNotFound</c>).</summary>
public sealed class ContainerNotFoundException : PodmanNotFoundException
{
    /// <summary>The varlink error name.</summary>
    public const string QualifiedName = "io.podman.ContainerNotFound";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="id">The container name or id.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public ContainerNotFoundException(string method, string id, string reason, Exception? innerException = null)
        : base(method, QualifiedName, id, reason, innerException)
    {
    }
}
