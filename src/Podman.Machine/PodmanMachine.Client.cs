using Microsoft.Extensions.Logging;
using Podman.Client;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    /// <summary>
    /// The <see cref="PodmanClientOptions"/> that reach io.podman in this machine: root over SSH with the machine's
    /// key, the host key pinned to the one the machine was created with.
    /// </summary>
    /// <returns>New options; the machine must be running.</returns>
    /// <exception cref="MachineException">The machine is not running.</exception>
    public PodmanClientOptions CreateClientOptions()
    {
        var endpoint = GetSshEndpoint();
        var options = new PodmanClientOptions
        {
            Address = $"ssh://{endpoint.User}@{endpoint.Host}:{endpoint.Port}{IoPodmanSocketPath}",
            HostKeyFingerprints = { endpoint.HostKeyFingerprint },
        };
        options.IdentityFiles.Add(endpoint.IdentityFile);
        return options;
    }

    /// <summary>A <see cref="PodmanClient"/> for io.podman in this machine, checked with one <c>GetVersion</c> call.</summary>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The client (dispose it).</returns>
    /// <exception cref="MachineException">The machine is not running.</exception>
    /// <exception cref="PodmanConnectionException">io.podman could not be reached.</exception>
    public async Task<PodmanClient> CreateClientAsync(ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var client = new PodmanClient(CreateClientOptions(), loggerFactory);
        try
        {
            await client.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
