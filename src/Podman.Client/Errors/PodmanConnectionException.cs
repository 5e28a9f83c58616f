namespace Podman.Client;

/// <summary>
/// io.podman could not be reached or the connection broke (SSH refused, host key not verified, socket gone,
/// malformed stream): no answer from podman, as opposed to a <see cref="PodmanRemoteException"/>.
/// </summary>
public sealed class PodmanConnectionException : PodmanException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The transport error underneath.</param>
    public PodmanConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
