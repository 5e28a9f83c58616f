using Podman.Machine;
using Varlink;
using Varlink.Ssh;

namespace Podman.Cli;

/// <summary>How to verify and log in to an <c>ssh://</c> address (the verbs' <c>--identity</c>, <c>--known-hosts</c>, <c>--host-key</c>).</summary>
internal sealed record SshSettings(IReadOnlyList<string> Identities, string? KnownHostsFile, IReadOnlyList<string> HostKeys);

/// <summary>
/// Opens a varlink connection to an address: <c>unix:</c>, <c>tcp:</c>, <c>exec:</c> (Varlink.Net),
/// <c>ssh://user@host:port/socket</c> (Varlink.Net.Ssh: host key verified against known_hosts or a pinned
/// fingerprint, never accepted blindly) and <c>machine:NAME</c> (a machine's io.podman, pinned host key).
/// </summary>
internal static class VarlinkTarget
{
    public const string MachineScheme = "machine:";

    public static async Task<VarlinkConnection> ConnectAsync(string address, SshSettings ssh, MachineStore store, CancellationToken cancellationToken)
    {
        IVarlinkTransport transport = await CreateTransportAsync(address, ssh, store, cancellationToken);
        try
        {
            return await VarlinkConnection.ConnectAsync(transport, cancellationToken: cancellationToken);
        }
        catch
        {
            (transport as IDisposable)?.Dispose();
            throw;
        }
    }

    public static async Task<IVarlinkTransport> CreateTransportAsync(string address, SshSettings ssh, MachineStore store, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (address.StartsWith(MachineScheme, StringComparison.Ordinal))
        {
            await using PodmanMachine machine = await store.OpenAsync(address[MachineScheme.Length..], cancellationToken);
            return new SshVarlinkTransport(machine.CreateVarlinkOptions());
        }

        if (!address.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return VarlinkAddress.CreateTransport(address);
        }

        SshVarlinkOptions options = SshVarlinkOptions.FromAddress(address);
        foreach (string identity in ssh.Identities)
        {
            options.PrivateKeyFiles.Add(identity);
        }

        foreach (string key in ssh.HostKeys)
        {
            options.HostKeyFingerprints.Add(key);
        }

        options.KnownHostsFile = ssh.KnownHostsFile;
        options.UseAgent = ssh.Identities.Count == 0 && Environment.GetEnvironmentVariable("SSH_AUTH_SOCK") is { Length: > 0 };
        if (options.UserName.Length == 0)
        {
            options.UserName = Environment.UserName;
        }

        return new SshVarlinkTransport(options);
    }

    /// <summary>
    /// Splits libvarlink's <c>[ADDRESS/]INTERFACE[.METHOD]</c>: the address is everything before the last
    /// <c>/</c>; without one, null (the resolver finds the service).
    /// </summary>
    public static (string? Address, string Name) SplitQualified(string qualified)
    {
        int slash = qualified.LastIndexOf('/');
        return slash < 0 ? (null, qualified) : (qualified[..slash], qualified[(slash + 1)..]);
    }
}
