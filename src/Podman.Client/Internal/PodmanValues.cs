using System.Globalization;

namespace Podman.Client;

/// <summary>Go's text for times, durations and states, read into .NET values.</summary>
internal static class PodmanValues
{
    /// <summary>RFC 3339 (any fraction digits) or unix seconds; null for empty text and Go's zero time.</summary>
    public static DateTimeOffset? Time(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds <= 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        // .NET reads at most 7 fraction digits; Go writes up to 9.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        // Go's time.String() form: "2020-01-02 03:04:05.123 +0000 UTC".
        if (text.EndsWith(" UTC", StringComparison.Ordinal) || text.Count(c => c == ' ') >= 3)
        {
            var parts = text.Split(' ');
            if (parts.Length >= 3)
            {
                text = parts[0] + "T" + parts[1] + parts[2].Insert(3, ":");
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
    }

    /// <summary>RFC 3339 with nanoseconds, as podman reads it.</summary>
    public static string Format(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>A Go duration (<c>1h2m3.5s</c>, <c>300ms</c>), possibly followed by other text; null when unreadable.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Go's "1h2m3.5s", or podman's uptime "0h 2m 31.00s (Approximately 0.00 days)": the units may be spaced
        // apart, and a remark in parentheses may follow.
        var paren = text.IndexOf('(', StringComparison.Ordinal);
        var span = (paren < 0 ? text : text[..paren]).Replace(" ", "", StringComparison.Ordinal).AsSpan();
        double ticks = 0;
        var any = false;
        while (!span.IsEmpty)
        {
            var n = 0;
            while (n < span.Length && (char.IsAsciiDigit(span[n]) || span[n] == '.'))
            {
                n++;
            }

            var u = n;
            while (u < span.Length && !char.IsAsciiDigit(span[u]))
            {
                u++;
            }

            if (n == 0 || !double.TryParse(span[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            double? unit = span[n..u] switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => 10,
                "ns" => 0.01,
                _ => null,
            };
            if (unit is null)
            {
                return null;
            }

            ticks += number * unit.Value;
            any = true;
            span = span[u..];
        }

        return any ? TimeSpan.FromTicks((long)ticks) : null;
    }

    /// <summary>A podman 1.x state name (<c>running</c>) or podman's status text (<c>Up 3 minutes</c>).</summary>
    public static ContainerState State(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "configured" => ContainerState.Configured,
        "created" => ContainerState.Created,
        "running" => ContainerState.Running,
        "stopped" => ContainerState.Stopped,
        "paused" => ContainerState.Paused,
        "exited" => ContainerState.Exited,
        "removing" => ContainerState.Removing,
        { } s when s.StartsWith("up", StringComparison.Ordinal) => ContainerState.Running,
        { } s when s.StartsWith("exited", StringComparison.Ordinal) => ContainerState.Exited,
        _ => ContainerState.Unknown,
    };

    public static PodmanEventType EventType(string? text) => text switch
    {
        "container" => PodmanEventType.Container,
        "image" => PodmanEventType.Image,
        "pod" => PodmanEventType.Pod,
        "volume" => PodmanEventType.Volume,
        "system" => PodmanEventType.System,
        _ => PodmanEventType.Unknown,
    };

    public static int Port(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;

    public static IReadOnlyList<string> List(IReadOnlyList<string>? list) => list ?? [];

    public static IReadOnlyDictionary<string, string> Map(IReadOnlyDictionary<string, string>? map) => map ?? new Dictionary<string, string>();

    /// <summary>key=value pairs for podman's flag lists (<c>--env</c>, <c>--label</c>); null when empty.</summary>
    public static List<string>? Pairs(IReadOnlyDictionary<string, string>? map) =>
        map is { Count: > 0 } ? [.. map.Select(p => p.Key + "=" + p.Value)] : null;

    public static List<string>? NonEmpty(IReadOnlyList<string>? list) => list is { Count: > 0 } ? [.. list] : null;
}
