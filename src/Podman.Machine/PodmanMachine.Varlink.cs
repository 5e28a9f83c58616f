using Varlink;
using Varlink.Ssh;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    /// <summary>Where the appliance's io.podman service listens (services.d/40-io.podman).</summary>
    public const string IoPodmanSocketPath = "/run/podman/io.podman";

    /// <summary>
    /// The SSH transport options that reach a varlink service in this machine through the appliance's
    /// <c>varlink bridge</c>: root with the machine's key, the host key pinned to the one the machine was
    /// created with, io.podman's socket unless <paramref name="socketPath"/> says otherwise.
    /// </summary>
    /// <param name="socketPath">The unix socket in the guest.</param>
    /// <returns>New options (for an <see cref="SshVarlinkTransport"/>); the machine must be running.</returns>
    /// <exception cref="MachineException">The machine is not running.</exception>
    public SshVarlinkOptions CreateVarlinkOptions(string socketPath = IoPodmanSocketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SshEndpoint endpoint = GetSshEndpoint();
        var options = new SshVarlinkOptions
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            UserName = endpoint.User,
            SocketPath = socketPath,
            HostKeyFingerprints = { endpoint.HostKeyFingerprint },
        };
        options.PrivateKeyFiles.Add(endpoint.IdentityFile);
        return options;
    }

    // Readiness: io.podman answers GetVersion through the bridge over SSH (a new SSH session each try).
    private async Task<string> GetIoPodmanVersionAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var options = CreateVarlinkOptions();
        options.ConnectTimeout = timeout;
        await using var transport = new SshVarlinkTransport(options);
        await using var connection = await VarlinkConnection.ConnectAsync(transport, cancellationToken: timeoutSource.Token).ConfigureAwait(false);
        var reply = await connection.CallAsync("io.podman.GetVersion", cancellationToken: timeoutSource.Token).ConfigureAwait(false);
        return reply.GetProperty("version").GetString() ?? string.Empty;   // GetVersion() -> (version: string, ...)
    }
}
