namespace Podman.Client;

/// <summary>Which log lines to read.</summary>
public sealed record ContainerLogsParameters
{
    /// <summary>Keep reading as the container writes, until it exits or the enumeration is cancelled.</summary>
    public bool Follow { get; init; }

    /// <summary>Only the last this many lines (all when null).</summary>
    public int? Tail { get; init; }

    /// <summary>Only lines written after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Ask podman for each line's time.</summary>
    public bool Timestamps { get; init; } = true;
}
