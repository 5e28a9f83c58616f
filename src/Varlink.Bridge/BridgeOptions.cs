namespace Varlink.Bridge;

/// <summary>What the command line asked for: for a bridge, exactly one of the two is set.</summary>
/// <param name="Address">The varlink address to connect to (<c>unix:/path</c>, <c>unix:@name</c>, <c>tcp:host:port</c>).</param>
/// <param name="ActivateCommand">A shell command to start with socket activation and connect to (<c>-A</c>).</param>
internal sealed record BridgeOptions(string? Address, string? ActivateCommand)
{
    /// <summary>The <c>relay</c> command rather than <c>bridge</c>.</summary>
    public bool Relay { get; init; }

    /// <summary>For a relay: where to listen when no socket was passed by activation.</summary>
    public string? Listen { get; init; }

    /// <summary>For a relay: exit once no connection was open for this long (null: never).</summary>
    public TimeSpan? IdleTimeout { get; init; }
}
