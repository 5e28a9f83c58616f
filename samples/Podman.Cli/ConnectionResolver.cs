namespace Podman.Cli;

/// <summary>Where a connection choice came from, in the order they are consulted.</summary>
internal enum ConnectionSource
{
    /// <summary><c>--connection NAME</c> or <c>--url ADDRESS</c> on the command line.</summary>
    CommandLine,

    /// <summary><c>PODMAN_VARLINK_BRIDGE</c>, <c>PODMAN_VARLINK_ADDRESS</c> or <c>PODMAN_CONNECTION</c>.</summary>
    Environment,

    /// <summary>No flag and no variable: the default machine of the store.</summary>
    DefaultMachine,
}

/// <summary>
/// The service a container verb talks to: a machine of the store (its io.podman through the bridge over
/// SSH with the pinned host key), a varlink address, or a bridge command line (podman-remote 1.x's
/// <c>PODMAN_VARLINK_BRIDGE</c>, whose standard input and output carry the varlink connection).
/// Exactly one of <see cref="Machine"/>, <see cref="Address"/> and <see cref="BridgeCommand"/> is set.
/// </summary>
internal sealed record ConnectionChoice(ConnectionSource Source, string? Machine = null, string? Address = null, string? BridgeCommand = null)
{
    public string Describe()
    {
        string what = Machine is not null ? $"machine {Machine}" : Address is not null ? $"address {Address}" : $"bridge {BridgeCommand}";
        string why = Source switch
        {
            ConnectionSource.CommandLine => "from the command line",
            ConnectionSource.Environment => "from the environment",
            _ => "the default machine",
        };
        return $"{what} ({why})";
    }
}

/// <summary>
/// Chooses the connection as podman-remote users expect: <c>--connection</c>/<c>--url</c>, then the
/// environment (the bridge before the address, as podman-remote 1.x reads them, then
/// <c>PODMAN_CONNECTION</c>), then the default machine: the one named <c>box</c>, or else the only one.
/// </summary>
internal static class ConnectionResolver
{
    public const string BridgeVariable = "PODMAN_VARLINK_BRIDGE";
    public const string AddressVariable = "PODMAN_VARLINK_ADDRESS";
    public const string ConnectionVariable = "PODMAN_CONNECTION";

    /// <param name="connection">The <c>--connection</c> value (a machine name), or null.</param>
    /// <param name="url">The <c>--url</c> value (a varlink address), or null.</param>
    /// <param name="environment">Reads an environment variable (null or empty: unset).</param>
    /// <param name="machines">The machines in the store.</param>
    public static ConnectionChoice Resolve(string? connection, string? url, Func<string, string?> environment, IReadOnlyCollection<string> machines)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(machines);
        if (!string.IsNullOrEmpty(connection) && !string.IsNullOrEmpty(url))
        {
            throw new UsageException("--connection and --url both name a connection: give one of them");
        }

        if (!string.IsNullOrEmpty(url))
        {
            return new ConnectionChoice(ConnectionSource.CommandLine, Address: url);
        }

        if (!string.IsNullOrEmpty(connection))
        {
            return new ConnectionChoice(ConnectionSource.CommandLine, Machine: RequireMachine(connection, machines, "--connection"));
        }

        if (environment(BridgeVariable) is { Length: > 0 } bridge)
        {
            return new ConnectionChoice(ConnectionSource.Environment, BridgeCommand: bridge);
        }

        if (environment(AddressVariable) is { Length: > 0 } address)
        {
            return new ConnectionChoice(ConnectionSource.Environment, Address: address);
        }

        if (environment(ConnectionVariable) is { Length: > 0 } named)
        {
            return new ConnectionChoice(ConnectionSource.Environment, Machine: RequireMachine(named, machines, ConnectionVariable));
        }

        if (machines.Contains(MachineCommand.DefaultName))
        {
            return new ConnectionChoice(ConnectionSource.DefaultMachine, Machine: MachineCommand.DefaultName);
        }

        return machines.Count switch
        {
            1 => new ConnectionChoice(ConnectionSource.DefaultMachine, Machine: machines.First()),
            0 => throw new UsageException("no connection: give --connection NAME or --url ADDRESS, set PODMAN_VARLINK_ADDRESS, or create a machine (podman-cli machine init)"),
            _ => throw new UsageException($"no default machine among {string.Join(", ", machines.Order(StringComparer.Ordinal))}: give --connection NAME"),
        };
    }

    private static string RequireMachine(string name, IReadOnlyCollection<string> machines, string from) =>
        machines.Contains(name)
            ? name
            : throw new UsageException($"{from}: there is no machine '{name}'{(machines.Count > 0 ? $" (machines: {string.Join(", ", machines.Order(StringComparer.Ordinal))})" : string.Empty)}");
}
