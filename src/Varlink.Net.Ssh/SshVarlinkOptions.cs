namespace Varlink.Ssh;

/// <summary>
/// How to reach a varlink service through SSH: the SSH server and user, how to authenticate, how to
/// verify the server's host key, and which bridge command to run on the server.
/// </summary>
/// <remarks>
/// Host keys are always verified: by <see cref="HostKeyFingerprints"/> when any are pinned, otherwise by
/// <see cref="KnownHostsFile"/>. An unknown host is refused unless <see cref="TrustOnFirstUse"/> is set.
/// </remarks>
public sealed class SshVarlinkOptions
{
    /// <summary>The SSH server's host name or IP address.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The SSH server's port (22 by default).</summary>
    public int Port { get; set; } = 22;

    /// <summary>The user to log in as; the current user when empty.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>Private key files to authenticate with (OpenSSH, PEM or PuTTY format).</summary>
    public IList<string> PrivateKeyFiles { get; } = new List<string>();

    /// <summary>Private keys held in memory (the text of a key file), to authenticate with.</summary>
    public IList<string> PrivateKeys { get; } = new List<string>();

    /// <summary>The passphrase of encrypted private keys, if any.</summary>
    public string? PrivateKeyPassphrase { get; set; }

    /// <summary>
    /// Also authenticate with the keys of the running ssh-agent (the socket named by <c>SSH_AUTH_SOCK</c>,
    /// or <see cref="AgentSocketPath"/>).
    /// </summary>
    public bool UseAgent { get; set; }

    /// <summary>The ssh-agent socket; <c>SSH_AUTH_SOCK</c> when null.</summary>
    public string? AgentSocketPath { get; set; }

    /// <summary>
    /// A password for password authentication. Used only when set here explicitly; a password written in
    /// an <c>ssh://</c> address is refused.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The OpenSSH known_hosts file to verify host keys against; <c>~/.ssh/known_hosts</c> when null.</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>
    /// Pinned host key fingerprints (<c>SHA256:base64</c>, as <c>ssh-keygen -lf</c> prints them). When any are
    /// set, the host key must match one of them and the known_hosts file is not consulted.
    /// </summary>
    public IList<string> HostKeyFingerprints { get; } = new List<string>();

    /// <summary>
    /// Accept the key of a host that has no entry in the known_hosts file and add it there (trust on first
    /// use). Off by default; a changed key is refused even when this is on.
    /// </summary>
    public bool TrustOnFirstUse { get; set; }

    /// <summary>
    /// The varlink socket on the server (an absolute path) that the default bridge command connects to.
    /// There is no default: set it (an <c>ssh://</c> address's path does) or set <see cref="BridgeCommand"/>.
    /// </summary>
    public string? SocketPath { get; set; }

    /// <summary>The bridge program on the server (<c>varlink</c>, found on the server's PATH, by default).</summary>
    public string BridgeProgram { get; set; } = "varlink";

    /// <summary>
    /// The exact command to run on the server; its stdin/stdout carry the varlink stream. When null, the
    /// command is <c>BridgeProgram bridge --connect unix:SocketPath</c>.
    /// </summary>
    public string? BridgeCommand { get; set; }

    /// <summary>How long to wait for the TCP connection, key exchange and authentication (15 s by default).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often to send an SSH keep-alive on an idle session (30 s by default; <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns keep-alives off). A dead peer is then noticed even when no call is in flight.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The command that runs on the server for every varlink connection.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="BridgeCommand"/> nor <see cref="SocketPath"/> is set.</exception>
    public string EffectiveBridgeCommand =>
        BridgeCommand
        ?? (string.IsNullOrEmpty(SocketPath)
            ? throw new InvalidOperationException("Neither SocketPath nor BridgeCommand is set.")
            : $"{BridgeProgram} bridge --connect {ShellQuote.Quote("unix:" + SocketPath)}");

    /// <summary>
    /// Reads an address of the form <c>ssh://user@host:port/path/of/socket</c> into new options; the bridge
    /// command is derived from the socket path. An address without a path leaves <see cref="SocketPath"/>
    /// unset: set it, or <see cref="BridgeCommand"/>, before connecting.
    /// </summary>
    /// <param name="address">The address.</param>
    /// <returns>Options with <see cref="Host"/>, <see cref="Port"/>, <see cref="UserName"/> and <see cref="SocketPath"/> set.</returns>
    /// <exception cref="ArgumentException">The address is not a valid <c>ssh://</c> address.</exception>
    public static SshVarlinkOptions FromAddress(string address) => SshAddress.Parse(address);

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first wrong one.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("The SSH host is required.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "The SSH port must be 1 to 65535.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "The connect timeout must be positive.");
        }

        if (KeepAliveInterval <= TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, "The keep-alive interval must be positive or infinite.");
        }

        if (PrivateKeyFiles.Count == 0 && PrivateKeys.Count == 0 && !UseAgent && Password is null)
        {
            throw new ArgumentException(
                "No way to authenticate: set PrivateKeyFiles, PrivateKeys, UseAgent or (explicitly) Password.",
                nameof(PrivateKeyFiles));
        }

        if (BridgeCommand is null && string.IsNullOrEmpty(SocketPath))
        {
            throw new ArgumentException("No socket path: set SocketPath (the varlink socket on the server) or BridgeCommand.", nameof(SocketPath));
        }

        if (BridgeCommand is null && !SocketPath!.StartsWith('/'))
        {
            throw new ArgumentException($"The socket path '{SocketPath}' must be absolute.", nameof(SocketPath));
        }

        foreach (var pin in HostKeyFingerprints)
        {
            if (!HostKeyFingerprint.IsWellFormed(pin))
            {
                throw new ArgumentException($"The pinned fingerprint '{pin}' is not of the form SHA256:base64.", nameof(HostKeyFingerprints));
            }
        }
    }
}
