namespace Varlink.Ssh;

/// <summary>The SSH session could not be opened: the server is unreachable, timed out, or refused the login.</summary>
public sealed class SshConnectException : SshTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="isTransient">Whether trying again may succeed (false when the login was refused).</param>
    public SshConnectException(string host, string message, Exception? innerException = null, bool isTransient = true)
        : base(host, message, innerException, isTransient)
    {
    }
}
