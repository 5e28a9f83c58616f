using System.CommandLine;
using Podman.Client;
using Podman.Machine;

namespace Podman.Cli;

/// <summary>
/// Opens the <see cref="PodmanClient"/> a container verb talks through, from the <see cref="ConnectionChoice"/>:
/// a machine of the store (its io.podman over SSH with the machine's key and pinned host key), a varlink
/// address (<c>ssh://</c> with <c>$PODMAN_VARLINK_IDENTITY</c> and <c>$PODMAN_VARLINK_KNOWN_HOSTS</c>, or
/// <c>machine:NAME</c>, <c>unix:</c>, <c>tcp:</c>), or podman-remote 1.x's bridge command.
/// </summary>
internal static class PodmanConnect
{
    public static async Task<PodmanClient> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        ConnectionChoice choice = Cli.ResolveConnection(parse);
        var store = new MachineStore(parse.GetValue(Cli.Store));
        var options = new PodmanClientOptions { ConnectRetries = 1 };
        if (choice.BridgeCommand is { } bridge)
        {
            options.BridgeCommand = bridge;
        }
        else if (choice.Machine is { } name)
        {
            await PointAtMachineAsync(options, store, name, cancellationToken);
        }
        else if (choice.Address!.StartsWith(VarlinkTarget.MachineScheme, StringComparison.Ordinal))
        {
            await PointAtMachineAsync(options, store, choice.Address[VarlinkTarget.MachineScheme.Length..], cancellationToken);
        }
        else
        {
            options.Address = choice.Address;
            if (Environment.GetEnvironmentVariable(MachineEnvironment.IdentityVariable) is { Length: > 0 } identity)
            {
                options.IdentityFiles.Add(identity);
            }

            options.KnownHostsFile = Environment.GetEnvironmentVariable(MachineEnvironment.KnownHostsVariable) is { Length: > 0 } known ? known : null;
        }

        return new PodmanClient(options);
    }

    private static async Task PointAtMachineAsync(PodmanClientOptions options, MachineStore store, string name, CancellationToken cancellationToken)
    {
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        if (machine.RuntimeState is null)
        {
            throw new UsageException($"machine '{name}' is not running: podman-cli machine start {name}");
        }

        SshEndpoint ssh = machine.GetSshEndpoint();
        options.Address = $"ssh://{ssh.User}@{ssh.Host}:{ssh.Port}{PodmanMachine.IoPodmanSocketPath}";
        options.IdentityFiles.Add(ssh.IdentityFile);
        options.HostKeyFingerprints.Add(ssh.HostKeyFingerprint);
    }
}
