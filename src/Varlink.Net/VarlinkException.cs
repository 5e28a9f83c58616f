namespace Varlink;

/// <summary>
/// The base of every exception Varlink.Net throws for a varlink-level failure: the connection failed
/// (<see cref="VarlinkConnectionException"/>), the peer broke the protocol
/// (<see cref="VarlinkProtocolException"/>), or the service answered with an error
/// (<see cref="VarlinkRemoteException"/>).
/// </summary>
public abstract class VarlinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected VarlinkException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
