namespace Podman.Client;

/// <summary>
/// io.podman answered a call with an error. Errors about a missing object or a wrong state have their own
/// sealed types; others (<c>io.podman.ErrorOccurred</c>, <c>RuntimeError</c>, varlink's <c>InvalidParameter</c>, …) are this type.
/// </summary>
public class PodmanRemoteException : PodmanException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method that failed (<c>StartContainer</c>).</param>
    /// <param name="errorName">The varlink error name (<c>io.podman.RuntimeError</c>).</param>
    /// <param name="reason">podman's text, empty when it sent none.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public PodmanRemoteException(string method, string errorName, string reason, Exception? innerException = null)
        : base(reason.Length > 0 ? $"{method}: {errorName}: {reason}" : $"{method}: {errorName}", innerException)
    {
        Method = method;
        ErrorName = errorName;
        Reason = reason;
    }

    /// <summary>The io.podman method that failed, without the interface name.</summary>
    public string Method { get; }

    /// <summary>The fully-qualified varlink error name.</summary>
    public string ErrorName { get; }

    /// <summary>podman's explanation (may be empty).</summary>
    public string Reason { get; }
}
