namespace Varlink.Bridge;

/// <summary>What the command line asked for: exactly one of the two is set.</summary>
/// <param name="Address">The varlink address to connect to (<c>unix:/path</c>, <c>unix:@name</c>, <c>tcp:host:port</c>).</param>
/// <param name="ActivateCommand">A shell command to start with socket activation and connect to (<c>-A</c>).</param>
internal sealed record BridgeOptions(string? Address, string? ActivateCommand);
