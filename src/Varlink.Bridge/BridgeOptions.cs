namespace Varlink.Bridge;

/// <summary>What the command line asked for.</summary>
/// <param name="Address">The varlink address to connect to (<c>unix:/path</c>, <c>unix:@name</c>, <c>tcp:host:port</c>).</param>
internal sealed record BridgeOptions(string Address);
