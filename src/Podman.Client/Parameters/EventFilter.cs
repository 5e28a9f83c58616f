namespace Podman.Client;

/// <summary>Which events to read.</summary>
public sealed record EventFilter
{
    /// <summary>podman's filters (<c>type=container</c>, <c>event=start</c>, <c>container=web</c>).</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>Events from this time on (from now when null).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Events up to this time; the stream then ends. Without it a stream follows until cancelled.</summary>
    public DateTimeOffset? Until { get; init; }
}
