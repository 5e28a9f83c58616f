using Podman.Machine;

namespace Podman.Cli;

/// <summary>
/// What <c>machine env</c> prints: podman-remote 1.x's <c>PODMAN_VARLINK_BRIDGE</c> (an OpenSSH command line
/// with the machine's key, its pinned host key in a known_hosts file of its own, and the appliance's
/// <c>varlink bridge</c> to io.podman), <c>PODMAN_VARLINK_ADDRESS</c> (the same service as an ssh:// address),
/// and what podman-cli needs to verify and log in to that address.
/// </summary>
internal static class MachineEnvironment
{
    public const string IdentityVariable = "PODMAN_VARLINK_IDENTITY";
    public const string KnownHostsVariable = "PODMAN_VARLINK_KNOWN_HOSTS";
    public const string KnownHostsFileName = "known_hosts";

    public static async Task<IReadOnlyList<(string Name, string Value)>> CreateAsync(PodmanMachine machine, CancellationToken cancellationToken)
    {
        SshEndpoint ssh = machine.GetSshEndpoint();
        string knownHosts = Path.Combine(machine.Directory, KnownHostsFileName);
        string[] hostKey = (await File.ReadAllTextAsync(machine.Config.HostKeyFile + ".pub", cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await File.WriteAllTextAsync(knownHosts, $"[{ssh.Host}]:{ssh.Port} {hostKey[0]} {hostKey[1]}\n", cancellationToken);
        string bridge = string.Join(' ', new[]
        {
            "ssh", "-p", ssh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-i", ssh.IdentityFile, "-o", "IdentitiesOnly=yes",
            "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={knownHosts}", "-o", "BatchMode=yes",
            $"{ssh.User}@{ssh.Host}",
            "varlink", "bridge", "--connect", $"unix:{PodmanMachine.IoPodmanSocketPath}",
        }.Select(RemoteCommandLine.Quote));
        return
        [
            (ConnectionResolver.BridgeVariable, bridge),
            (ConnectionResolver.AddressVariable, $"ssh://{ssh.User}@{ssh.Host}:{ssh.Port}{PodmanMachine.IoPodmanSocketPath}"),
            (IdentityVariable, ssh.IdentityFile),
            (KnownHostsVariable, knownHosts),
            (ConnectionResolver.ConnectionVariable, machine.Config.Name),
        ];
    }
}
