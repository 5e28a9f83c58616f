namespace Varlink;

/// <summary>
/// The connection could not be opened, was closed, or failed; the call did not get its answer.
/// Every call still waiting on a failed connection fails with this exception (or with the
/// <see cref="VarlinkProtocolException"/> that ended the connection).
/// </summary>
public sealed class VarlinkConnectionException : VarlinkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public VarlinkConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
