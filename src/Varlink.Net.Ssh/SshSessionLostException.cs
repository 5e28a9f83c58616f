namespace Varlink.Ssh;

/// <summary>
/// The SSH session went away while a varlink connection was using it (the server closed or the network
/// failed). The next connection opens a new session.
/// </summary>
public sealed class SshSessionLostException : SshTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public SshSessionLostException(string host, string message, Exception? innerException = null)
        : base(host, message, innerException, isTransient: true)
    {
    }
}
