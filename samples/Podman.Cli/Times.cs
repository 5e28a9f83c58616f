using System.Globalization;

namespace Podman.Cli;

/// <summary>Times given on the command line: RFC 3339, a date, or a duration before now (<c>10m</c>, <c>2h30m</c>, <c>45s</c>), as podman reads --since and --until.</summary>
internal static class Times
{
    /// <exception cref="UsageException">Neither a time nor a duration.</exception>
    public static DateTimeOffset Parse(string text, string option)
    {
        if (TryDuration(text, out TimeSpan ago))
        {
            return DateTimeOffset.UtcNow - ago;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time
            : throw new UsageException($"{option} '{text}': not a time (2024-01-02T15:04:05Z) or a duration (10m, 1h30m, 45s)");
    }

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        int at = 0;
        while (at < text.Length)
        {
            int start = at;
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || text[at] == '.'))
            {
                at++;
            }

            if (start == at || at == text.Length || !double.TryParse(text[start..at], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            {
                return false;
            }

            switch (text[at++])
            {
                case 'h': duration += TimeSpan.FromHours(value); break;
                case 'm': duration += TimeSpan.FromMinutes(value); break;
                case 's': duration += TimeSpan.FromSeconds(value); break;
                default: return false;
            }
        }

        return text.Length > 0;
    }
}
