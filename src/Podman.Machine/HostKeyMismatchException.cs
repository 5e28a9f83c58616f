namespace Podman.Machine;

/// <summary>
/// The SSH server presented a host key other than the one pinned for the machine. The connection is
/// refused: either the VM is not the one we created, or something sits between us and it.
/// </summary>
public sealed class HostKeyMismatchException : MachineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">Where we connected (host:port).</param>
    /// <param name="expectedFingerprint">The pinned fingerprint, <c>SHA256:…</c>.</param>
    /// <param name="actualFingerprint">The fingerprint the server presented, <c>SHA256:…</c>.</param>
    public HostKeyMismatchException(string endpoint, string expectedFingerprint, string actualFingerprint)
        : this(endpoint, expectedFingerprint, actualFingerprint, null)
    {
    }

    // With the verifier's refusal (Varlink.Net.Ssh's SshHostKeyException) as the inner exception.
    internal HostKeyMismatchException(string endpoint, string expectedFingerprint, string actualFingerprint, Exception? innerException)
        : base($"The SSH host key of {endpoint} is {actualFingerprint}, but the machine's pinned host key is " +
               $"{expectedFingerprint}; refusing to connect.", innerException)
    {
        ExpectedFingerprint = expectedFingerprint;
        ActualFingerprint = actualFingerprint;
    }

    /// <summary>The pinned fingerprint, <c>SHA256:…</c>.</summary>
    public string ExpectedFingerprint { get; }

    /// <summary>The fingerprint the server presented, <c>SHA256:…</c>.</summary>
    public string ActualFingerprint { get; }
}
