namespace Podman.Machine;

/// <summary>How to reach a running machine over SSH, for other SSH clients (the varlink SSH transport).</summary>
/// <param name="Host">The host to connect to (127.0.0.1: qemu forwards the port).</param>
/// <param name="Port">The forwarded port.</param>
/// <param name="User">The user to log in as.</param>
/// <param name="IdentityFile">The private key to log in with.</param>
/// <param name="HostKeyFingerprint">The pinned host key fingerprint, <c>SHA256:…</c>; refuse any other.</param>
public sealed record SshEndpoint(string Host, int Port, string User, string IdentityFile, string HostKeyFingerprint)
{
    /// <summary>The endpoint as an <c>ssh://user@host:port</c> URI (without a path).</summary>
    /// <returns>The URI.</returns>
    public Uri ToUri() => new($"ssh://{User}@{Host}:{Port}");
}
