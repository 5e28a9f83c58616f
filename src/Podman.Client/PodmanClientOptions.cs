namespace Podman.Client;

/// <summary>Where a <see cref="PodmanClient"/> connects and how it verifies and retries.</summary>
/// <remarks>
/// When <see cref="Address"/> is null the address comes from the environment as podman-remote 1.x read it
/// (<c>PODMAN_VARLINK_ADDRESS</c>, then <c>PODMAN_VARLINK_BRIDGE</c>), then from the default connection
/// of <c>podman-remote.conf</c> (see <see cref="PodmanConnectionResolver"/>).
/// </remarks>
public sealed class PodmanClientOptions
{
    /// <summary>
    /// <c>ssh://user@host:port/run/podman/io.podman</c>, <c>unix:/run/podman/io.podman</c>, or any other
    /// varlink address (<c>tcp:</c>, <c>exec:</c>); null to read the environment and podman-remote.conf.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>
    /// A command whose standard input and output carry varlink to io.podman, run through <c>/bin/sh -c</c>
    /// (podman-remote's <c>PODMAN_VARLINK_BRIDGE</c>); used when <see cref="Address"/> is null.
    /// </summary>
    public string? BridgeCommand { get; set; }

    /// <summary>Private key files for an <c>ssh://</c> address (none: the SSH agent is used when it runs).</summary>
    public IList<string> IdentityFiles { get; } = new List<string>();

    /// <summary>The known_hosts file that verifies an SSH host key (<c>~/.ssh/known_hosts</c> when null).</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>
    /// Pinned SSH host key fingerprints (<c>SHA256:…</c>); when any are set the host key must be one of them
    /// and known_hosts is not read. A host key is never accepted unverified.
    /// </summary>
    public IList<string> HostKeyFingerprints { get; } = new List<string>();

    /// <summary>How long one SSH connect may take (15 s by default).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a failed connection attempt is retried (3 by default).</summary>
    public int ConnectRetries { get; set; } = 3;

    /// <summary>
    /// How many times a read-only io.podman call (list, inspect, get, exists, version, …) is retried on a new
    /// connection after its connection failed (2 by default). Calls that change state are never retried.
    /// </summary>
    public int IdempotentCallRetries { get; set; } = 2;

    /// <summary>Where podman-remote.conf is read (the XDG default when null).</summary>
    public string? RemoteConfigFile { get; set; }

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first wrong one.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Address is not null && string.IsNullOrWhiteSpace(Address))
        {
            throw new ArgumentException("The address is empty.", nameof(Address));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "Must be positive.");
        }

        if (ConnectRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectRetries), ConnectRetries, "Must be 0 or more.");
        }

        if (IdempotentCallRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IdempotentCallRetries), IdempotentCallRetries, "Must be 0 or more.");
        }

        foreach (var fingerprint in HostKeyFingerprints)
        {
            if (!global::Varlink.Ssh.HostKeyFingerprint.IsWellFormed(fingerprint))
            {
                throw new ArgumentException($"'{fingerprint}' is not a SHA256:… host key fingerprint.", nameof(HostKeyFingerprints));
            }
        }
    }
}
