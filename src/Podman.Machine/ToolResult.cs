namespace Podman.Machine;

/// <summary>What a host tool printed and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
