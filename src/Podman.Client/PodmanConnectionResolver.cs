using System.Globalization;

namespace Podman.Client;

/// <summary>
/// Finds where io.podman is, in podman-remote 1.x's order: an explicit address, <c>PODMAN_VARLINK_ADDRESS</c>,
/// <c>PODMAN_VARLINK_BRIDGE</c>, then the default connection of <c>podman-remote.conf</c>.
/// </summary>
public static class PodmanConnectionResolver
{
    /// <summary>The environment variable podman-remote 1.x read for a varlink address.</summary>
    public const string AddressVariable = "PODMAN_VARLINK_ADDRESS";

    /// <summary>The environment variable podman-remote 1.x read for a bridge command.</summary>
    public const string BridgeVariable = "PODMAN_VARLINK_BRIDGE";

    /// <summary>The io.podman socket podman 1.x listened on, the path of an ssh:// address built from podman-remote.conf.</summary>
    public const string DefaultSocketPath = "/run/podman/io.podman";

    /// <summary>Resolves the connection for <paramref name="options"/>.</summary>
    /// <param name="options">The client options; an address or bridge set here wins.</param>
    /// <param name="environment">Reads an environment variable (the process environment when null).</param>
    /// <returns>The connection.</returns>
    /// <exception cref="PodmanConnectionException">Nothing says where io.podman is, or podman-remote.conf is malformed.</exception>
    public static PodmanConnection Resolve(PodmanClientOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(options.Address))
        {
            return new PodmanConnection(options.Address, null, null, "options");
        }

        if (!string.IsNullOrWhiteSpace(options.BridgeCommand))
        {
            return new PodmanConnection(null, options.BridgeCommand, null, "options");
        }

        if (environment(AddressVariable) is { Length: > 0 } address)
        {
            return new PodmanConnection(address, null, null, AddressVariable);
        }

        if (environment(BridgeVariable) is { Length: > 0 } bridge)
        {
            return new PodmanConnection(null, bridge, null, BridgeVariable);
        }

        var path = options.RemoteConfigFile ?? DefaultConfigPath(environment);
        if (path is not null && File.Exists(path))
        {
            return FromRemoteConfig(File.ReadAllText(path), path);
        }

        throw new PodmanConnectionException(
            $"No io.podman address: set PodmanClientOptions.Address, {AddressVariable} or {BridgeVariable}, or a default connection in {path ?? "podman-remote.conf"}.");
    }

    /// <summary>Reads the default connection (or the only one) of a podman-remote.conf text.</summary>
    /// <param name="text">The file's TOML text.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <returns>An <c>ssh://</c> connection to io.podman's socket on that host.</returns>
    /// <exception cref="PodmanConnectionException">The file has no usable connection or a malformed line.</exception>
    public static PodmanConnection FromRemoteConfig(string text, string path = "podman-remote.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        var connections = new List<(string Name, Dictionary<string, string> Values)>();
        Dictionary<string, string>? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                var table = line.Trim('[', ']').Trim();
                current = null;
                if (table.StartsWith("connections.", StringComparison.Ordinal))
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    connections.Add((table["connections.".Length..].Trim('"'), current));
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new PodmanConnectionException($"{path}:{lineNumber}: expected key = value, found '{line}'.");
            }

            current?.Add(line[..equals].Trim(), line[(equals + 1)..].Trim().Trim('"'));
        }

        var chosen = connections.FirstOrDefault(c => c.Values.TryGetValue("default", out var d) && d == "true");
        if (chosen.Values is null && connections.Count == 1)
        {
            chosen = connections[0];
        }

        if (chosen.Values is null)
        {
            throw new PodmanConnectionException($"{path}: no connection is marked default = true ({connections.Count} connections).");
        }

        if (!chosen.Values.TryGetValue("destination", out var host) || host.Length == 0)
        {
            throw new PodmanConnectionException($"{path}: connection '{chosen.Name}' has no destination.");
        }

        if (chosen.Values.TryGetValue("ignore_hosts", out var ignore) && ignore == "true")
        {
            throw new PodmanConnectionException($"{path}: connection '{chosen.Name}' sets ignore_hosts = true; host keys are always verified.");
        }

        var user = chosen.Values.GetValueOrDefault("username", Environment.UserName);
        var port = chosen.Values.TryGetValue("port", out var portText)
            ? int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                ? p
                : throw new PodmanConnectionException($"{path}: connection '{chosen.Name}' has port '{portText}', not 1-65535.")
            : 22;
        var identity = chosen.Values.GetValueOrDefault("identity_file");
        if (identity is not null && identity.StartsWith("~/", StringComparison.Ordinal))
        {
            identity = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), identity[2..]);
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host;
        return new PodmanConnection($"ssh://{Uri.EscapeDataString(user)}@{hostPart}:{port}{DefaultSocketPath}", null, identity, path);
    }

    private static string? DefaultConfigPath(Func<string, string?> environment)
    {
        var config = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            config = Path.Combine(home, ".config");
        }

        return Path.Combine(config, "containers", "podman-remote.conf");
    }

    private static string StripComment(string line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                inString = !inString;
            }
            else if (line[i] == '#' && !inString)
            {
                return line[..i];
            }
        }

        return line;
    }
}
