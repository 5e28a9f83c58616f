namespace Varlink.Ssh;

/// <summary>The SSH server's host key was refused; no data was sent to it.</summary>
public sealed class SshHostKeyException : SshTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="problem">Why the key was refused.</param>
    /// <param name="keyType">The presented key's type.</param>
    /// <param name="actualFingerprint">The presented key's fingerprint.</param>
    /// <param name="expectedFingerprints">The fingerprints that would have been accepted.</param>
    /// <param name="source">Where the expected keys come from (a known_hosts path, or "pinned").</param>
    public SshHostKeyException(
        string host,
        HostKeyProblem problem,
        string keyType,
        string actualFingerprint,
        IReadOnlyList<string> expectedFingerprints,
        string source)
        : base(host, FormatMessage(host, problem, keyType, actualFingerprint, expectedFingerprints, source), null, isTransient: false)
    {
        Problem = problem;
        KeyType = keyType;
        ActualFingerprint = actualFingerprint;
        ExpectedFingerprints = expectedFingerprints;
    }

    /// <summary>Why the key was refused.</summary>
    public HostKeyProblem Problem { get; }

    /// <summary>The presented key's type, e.g. <c>ssh-ed25519</c>.</summary>
    public string KeyType { get; }

    /// <summary>The presented key's SHA256 fingerprint.</summary>
    public string ActualFingerprint { get; }

    /// <summary>The fingerprints that would have been accepted (empty for an unknown host).</summary>
    public IReadOnlyList<string> ExpectedFingerprints { get; }

    private static string FormatMessage(
        string host, HostKeyProblem problem, string keyType, string actual, IReadOnlyList<string> expected, string source) =>
        problem switch
        {
            HostKeyProblem.Changed =>
                $"The SSH host key of {host} has changed: expected {string.Join(" or ", expected)} ({source}), " +
                $"but the server presented {keyType} {actual}. Refusing to connect: this may be a man-in-the-middle " +
                "attack, or the host was reinstalled (then update the known key).",
            HostKeyProblem.Revoked =>
                $"The SSH host key of {host} ({keyType} {actual}) is marked @revoked in {source}. Refusing to connect.",
            _ =>
                $"The SSH host key of {host} ({keyType} {actual}) is not known: it is not in {source}. Add it there, " +
                "pin its fingerprint, or opt in to trust on first use.",
        };
}
