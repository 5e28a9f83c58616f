using System.Globalization;

namespace Podman.Cli;

/// <summary>Times and sizes as podman's tables print them ("5 minutes ago", "1.44 MB").</summary>
internal static class Human
{
    /// <summary>How long ago, in the words of podman's CREATED column; "" for an unknown time.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t && t.Year > 1 ? Duration(now - t) + " ago" : string.Empty;

    /// <summary>A duration in podman's (go-units') words: "Less than a second", "About a minute", "3 hours", "2 weeks".</summary>
    public static string Duration(TimeSpan span)
    {
        double seconds = Math.Max(0, span.TotalSeconds);
        return seconds switch
        {
            < 1 => "Less than a second",
            < 2 => "1 second",
            < 60 => $"{(int)seconds} seconds",
            < 120 => "About a minute",
            < 3600 => $"{(int)(seconds / 60)} minutes",
            < 7200 => "About an hour",
            < 48 * 3600 => $"{(int)(seconds / 3600)} hours",
            < 7 * 24 * 3600 * 2 => $"{(int)(seconds / (24 * 3600))} days",
            < 30 * 24 * 3600 * 3 => $"{(int)(seconds / (7 * 24 * 3600))} weeks",
            < 365 * 24 * 3600 * 2 => $"{(int)(seconds / (30 * 24 * 3600))} months",
            _ => $"{(int)(seconds / (365 * 24 * 3600))} years",
        };
    }

    /// <summary>Bytes in decimal units with three significant digits: "812 B", "1.44 MB", "5.9 GB".</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        string number = value.ToString(value >= 100 ? "0" : value >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);
        return $"{number} {units[unit]}";
    }

    /// <summary>A time as podman's JSON and templates carry it (RFC 3339), or "" when unknown.</summary>
    public static string Timestamp(DateTimeOffset? time) =>
        time is { } t && t.Year > 1 ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : string.Empty;
}
