namespace Podman.Client;

/// <summary>
/// The service does not serve this io.podman method (varlink's <c>MethodNotImplemented</c> or
/// <c>MethodNotFound</c>): an older or partial io.podman.
/// </summary>
public sealed class PodmanNotImplementedException : PodmanRemoteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="errorName">The varlink error name.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public PodmanNotImplementedException(string method, string errorName, Exception? innerException = null)
        : base(method, errorName, "the service does not implement this method", innerException)
    {
    }
}
