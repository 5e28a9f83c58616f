namespace Podman.Client;

/// <summary>No container, image, pod or volume has the name or id a call named.</summary>
public abstract class PodmanNotFoundException : PodmanRemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="errorName">The varlink error name.</param>
    /// <param name="id">The name or id that was not found.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    protected PodmanNotFoundException(string method, string errorName, string id, string reason, Exception? innerException)
        : base(method, errorName, reason.Length > 0 ? reason : $"'{id}' not found", innerException)
    {
        Id = id;
    }

    /// <summary>The name or id that was not found.</summary>
    public string Id { get; }
}
