namespace Podman.Client;

/// <summary>A pod operation failed for some of its containers (<c>io.podman.PodContainerError</c>).</summary>
public sealed class PodContainerErrorException : PodmanRemoteException
{
    /// <summary>The varlink error name.</summary>
    public const string QualifiedName = "io.podman.PodContainerError";

    /// <summary>Creates the exception.</summary>
    /// <param name="method">The io.podman method.</param>
    /// <param name="podName">The pod.</param>
    /// <param name="errors">Each failed container's id and reason.</param>
    /// <param name="innerException">The varlink error reply.</param>
    public PodContainerErrorException(string method, string podName, IReadOnlyDictionary<string, string> errors, Exception? innerException = null)
        : base(method, QualifiedName, $"pod '{podName}': " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")), innerException)
    {
        PodName = podName;
        Errors = errors;
    }

    /// <summary>The pod.</summary>
    public string PodName { get; }

    /// <summary>Container id → why it failed.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }
}
