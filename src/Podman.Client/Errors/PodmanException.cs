namespace Podman.Client;

/// <summary>The base of every error a <see cref="PodmanClient"/> throws (besides argument errors and cancellation).</summary>
public abstract class PodmanException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The varlink or transport error underneath.</param>
    protected PodmanException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
