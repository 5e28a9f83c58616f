namespace Varlink.Ssh;

/// <summary>One key line of an OpenSSH known_hosts file.</summary>
/// <param name="Marker">The marker (<c>@revoked</c>, <c>@cert-authority</c>) or null.</param>
/// <param name="Hosts">The host patterns field (comma-separated patterns, or one hashed <c>|1|salt|hash</c> entry).</param>
/// <param name="KeyType">The key type, e.g. <c>ssh-ed25519</c>.</param>
/// <param name="KeyBlob">The public key blob.</param>
/// <param name="LineNumber">The line's number in the file, from 1.</param>
internal sealed record KnownHostEntry(string? Marker, string Hosts, string KeyType, byte[] KeyBlob, int LineNumber)
{
    /// <summary>The key's fingerprint.</summary>
    public string Fingerprint => HostKeyFingerprint.Compute(KeyBlob);

    /// <summary>Whether this line names <paramref name="hostName"/> (already in <c>[host]:port</c> form when the port is not 22).</summary>
    public bool Matches(string hostName) => KnownHostPatterns.Matches(Hosts, hostName);
}
