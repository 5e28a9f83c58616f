namespace Podman.Client;

/// <summary>
/// The object is not in a state that allows the call: <c>io.podman.InvalidState</c> (Id is the object),
/// <c>ErrCtrStopped</c> (the container is stopped), <c>NoContainerRunning</c> (Id is empty) or
/// <c>NoContainersInPod</c> (Id is the pod).
/// </summary>
public sealed class PodmanStateException : PodmanRemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="errorName">The varlink error name.</param>
    /// <param name="id">The container or pod the error is about; empty when podman named none.</param>
    /// <param name="reason">podman's text.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public PodmanStateException(string method, string errorName, string id, string reason, Exception? innerException = null)
        : base(method, errorName, reason, innerException)
    {
        Id = id;
    }

    /// <summary>The container or pod the error is about (empty when podman named none).</summary>
    public string Id { get; }
}
