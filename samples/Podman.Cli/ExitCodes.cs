namespace Podman.Cli;

/// <summary>Exit codes as podman uses them; a container's own code is passed through unchanged.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>rm</c>, <c>rmi</c>: one of the named objects does not exist (and nothing else failed).</summary>
    public const int NoSuchObject = 1;

    /// <summary><c>rm</c>, <c>rmi</c>: one of the named objects is running or in use.</summary>
    public const int InUse = 2;

    /// <summary>The tool's own error: a bad command line, an unreachable machine, a failed call.</summary>
    public const int ToolError = 125;

    /// <summary>The container's command exists but cannot be executed.</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>The container's command was not found.</summary>
    public const int CommandNotFound = 127;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT), as a shell reports it.</summary>
    public const int Interrupted = 130;
}
