namespace Podman.Client;

/// <summary>A command to run in a running container.</summary>
public sealed record ExecParameters
{
    /// <summary>The command and its arguments; required.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Allocate a pseudo-terminal (stdout and stderr then arrive merged).</summary>
    public bool Tty { get; init; }

    /// <summary>
    /// With <see cref="Tty"/>: the terminal's size (columns, rows) the process starts with. It is sent
    /// as the session's first frame, before anything can be read, and the service starts the process
    /// at it; without it the process may start at the engine's default size until a resize.
    /// </summary>
    public (int Width, int Height)? TerminalSize { get; init; }

    /// <summary>Run privileged.</summary>
    public bool Privileged { get; init; }

    /// <summary>The user.</summary>
    public string? User { get; init; }

    /// <summary>The working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The key sequence that detaches from the session, in podman's form (<c>ctrl-p,ctrl-q</c>, the default when null).</summary>
    public string? DetachKeys { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
