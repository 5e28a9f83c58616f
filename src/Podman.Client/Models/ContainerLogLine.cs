namespace Podman.Client;

/// <summary>One line a container wrote.</summary>
/// <param name="ContainerId">The container.</param>
/// <param name="Stream">Standard output or error.</param>
/// <param name="Time">When it was written, when podman said.</param>
/// <param name="Message">The text, without its newline.</param>
/// <param name="IsPartial">True when this is part of a longer line (no newline yet).</param>
public sealed record ContainerLogLine(string ContainerId, LogStream Stream, DateTimeOffset? Time, string Message, bool IsPartial);
