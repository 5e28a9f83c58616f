namespace Varlink.Ssh;

/// <summary>
/// Decides whether a presented host key is trusted: pinned fingerprints when any are set, otherwise the
/// known_hosts file, with trust on first use only when opted in. Never accepts silently.
/// </summary>
/// <remarks>
/// <see cref="SshVarlinkTransport"/> uses it for every session; other SSH.NET users (Podman.Machine) call
/// <see cref="Verify"/> from their <c>HostKeyReceived</c> handler, so that there is one implementation.
/// Only <see cref="SshVarlinkOptions.HostKeyFingerprints"/>, <see cref="SshVarlinkOptions.KnownHostsFile"/>
/// and <see cref="SshVarlinkOptions.TrustOnFirstUse"/> of the options are read, once, when it is created.
/// </remarks>
public sealed class HostKeyVerifier
{
    private readonly IReadOnlyList<string> _pins;
    private readonly KnownHostsFile _knownHosts;
    private readonly bool _trustOnFirstUse;

    /// <summary>Creates a verifier with the pins, known_hosts file and trust-on-first-use setting of <paramref name="options"/>.</summary>
    /// <param name="options">The options to take the host key settings from.</param>
    public HostKeyVerifier(SshVarlinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pins = [.. options.HostKeyFingerprints];
        _knownHosts = new KnownHostsFile(options.KnownHostsFile ?? KnownHostsFile.DefaultPath);
        _trustOnFirstUse = options.TrustOnFirstUse;
    }

    /// <summary>
    /// The key types the known_hosts file holds for the host (so the session can ask for those), or none
    /// when pins are used or the host is unknown.
    /// </summary>
    internal IReadOnlySet<string> KnownKeyTypes(string host, int port)
    {
        if (_pins.Count > 0)
        {
            return new HashSet<string>();
        }

        return _knownHosts.Find(KnownHostPatterns.HostName(host, port))
            .Where(e => e.Marker is null)
            .Select(e => e.KeyType)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Returns null when the key is trusted, otherwise the exception that says why not.</summary>
    /// <param name="host">The SSH server's host name or address, as connected to.</param>
    /// <param name="port">The SSH server's port.</param>
    /// <param name="keyBlob">The presented host key in SSH wire format (SSH.NET's <c>HostKeyEventArgs.HostKey</c>).</param>
    /// <returns>Null when trusted; otherwise the exception to throw, which says why the key was refused.</returns>
    public SshHostKeyException? Verify(string host, int port, byte[] keyBlob)
    {
        ArgumentNullException.ThrowIfNull(keyBlob);
        var name = KnownHostPatterns.HostName(host, port);
        var keyType = HostKeyFingerprint.KeyType(keyBlob);
        var actual = HostKeyFingerprint.Compute(keyBlob);
        if (_pins.Count > 0)
        {
            return _pins.Any(pin => HostKeyFingerprint.AreEqual(pin, actual))
                ? null
                : new SshHostKeyException(name, HostKeyProblem.Changed, keyType, actual, _pins, "pinned fingerprint");
        }

        var entries = _knownHosts.Find(name);
        var source = _knownHosts.Path;
        if (entries.Any(e => e.Marker == "@revoked" && e.KeyBlob.AsSpan().SequenceEqual(keyBlob)))
        {
            return new SshHostKeyException(name, HostKeyProblem.Revoked, keyType, actual, [], source);
        }

        var plain = entries.Where(e => e.Marker is null).ToList();
        if (plain.Any(e => e.KeyBlob.AsSpan().SequenceEqual(keyBlob)))
        {
            return null;
        }

        if (plain.Count > 0)
        {
            var expected = plain.Select(e => e.Fingerprint).ToList();
            var lines = string.Join(", ", plain.Select(e => e.LineNumber));
            return new SshHostKeyException(name, HostKeyProblem.Changed, keyType, actual, expected, $"{source} line {lines}");
        }

        if (_trustOnFirstUse)
        {
            _knownHosts.Add(name, keyType, keyBlob);
            return null;
        }

        return new SshHostKeyException(name, HostKeyProblem.Unknown, keyType, actual, [], source);
    }
}
