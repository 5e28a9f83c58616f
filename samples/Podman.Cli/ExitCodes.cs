namespace Podman.Cli;

/// <summary>Exit codes as podman uses them; a remote command's own code is passed through unchanged.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The tool's own error: a bad command line, an unreachable machine, a failed call.</summary>
    public const int ToolError = 125;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT), as a shell reports it.</summary>
    public const int Interrupted = 130;
}
