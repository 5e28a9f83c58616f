namespace Varlink.Ssh;

/// <summary>
/// The SSH transport failed: the session could not be set up, the host key was refused, the session
/// went away, or the bridge command on the server failed. It is an <see cref="IOException"/> because,
/// to the varlink connection above it, the byte stream failed. <see cref="IsTransient"/> tells a retrying
/// client whether to try again (<see cref="ITransientFailure"/>).
/// </summary>
public abstract class SshTransportException : IOException, ITransientFailure
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="isTransient">Whether trying again may succeed.</param>
    protected SshTransportException(string host, string message, Exception? innerException, bool isTransient)
        : base(message, innerException)
    {
        Host = host;
        IsTransient = isTransient;
    }

    /// <summary>The SSH server, as <c>host</c> or <c>[host]:port</c>.</summary>
    public string Host { get; }

    /// <summary>
    /// Whether trying again may succeed (the server was unreachable or the session dropped), as opposed to
    /// a refusal that a retry would only repeat (a refused host key or login, a failing bridge command).
    /// </summary>
    public bool IsTransient { get; }
}
