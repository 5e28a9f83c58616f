namespace Varlink.Ssh;

/// <summary>
/// The SSH transport failed: the session could not be set up, the host key was refused, the session
/// went away, or the bridge command on the server failed. It is an <see cref="IOException"/> because,
/// to the varlink connection above it, the byte stream failed.
/// </summary>
public abstract class SshTransportException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected SshTransportException(string host, string message, Exception? innerException)
        : base(message, innerException)
    {
        Host = host;
    }

    /// <summary>The SSH server, as <c>host</c> or <c>[host]:port</c>.</summary>
    public string Host { get; }
}
