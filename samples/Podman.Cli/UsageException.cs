namespace Podman.Cli;

/// <summary>The command line is wrong in a way the parser cannot see; the message says how (exit code 125).</summary>
internal sealed class UsageException(string message) : Exception(message);
