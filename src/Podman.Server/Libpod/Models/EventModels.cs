namespace Podman.Server.Libpod;

/// <summary>One line of GET /libpod/events: a Docker-style event object.</summary>
internal sealed class LibpodEvent
{
    public string Status { get; set; } = "";

    public string Id { get; set; } = "";

    public string From { get; set; } = "";

    public string Type { get; set; } = "";

    public string Action { get; set; } = "";

    public LibpodEventActor Actor { get; set; } = new();

    public long Time { get; set; }

    public long TimeNano { get; set; }
}

internal sealed class LibpodEventActor
{
    public string Id { get; set; } = "";

    public Dictionary<string, string>? Attributes { get; set; }
}

/// <summary>Which standard stream a log frame came from.</summary>
internal enum LogStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}

/// <summary>
/// One frame of the logs endpoint (docker's multiplexed framing): the stream and its payload, which
/// is one line with <c>timestamps=true</c>: <c>&lt;RFC 3339&gt; &lt;text&gt;</c>, with its <c>\n</c>
/// unless the line was partial.
/// </summary>
internal readonly record struct LogFrame(LogStream Stream, string Payload);
