using System.Globalization;
using System.Text;

namespace Podman.Server.Service;

/// <summary>
/// Times as Go writes them, which is what 1.9 clients parse: RFC 3339 with nanoseconds and trailing
/// zeros dropped (<c>RFC3339Nano</c>), RFC 3339 to the second, Go's zero time, durations as Go's
/// <c>Duration.String()</c> and docker's human text ("5 minutes").
/// </summary>
internal static class GoTime
{
    /// <summary>Go's zero time in RFC 3339: what 1.9 sent for "never".</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    /// <summary>Go's zero time as unix seconds, which libpod sends for "never".</summary>
    public const long ZeroUnixSeconds = -62135596800;

    /// <summary>What <see cref="TryParse"/> gives for a time before 1678 (Go's zero time): unix nanoseconds cannot hold it.</summary>
    public const long ZeroNanoseconds = long.MinValue;

    /// <summary>Parses RFC 3339 with up to nine fraction digits into unix nanoseconds (UTC); false when it is not one.</summary>
    public static bool TryParse(string? text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        if (string.IsNullOrEmpty(text) || text.Length < 20)
        {
            return false;
        }

        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var seconds))
        {
            return false;
        }

        if (seconds.Year < 1678)
        {
            unixNanoseconds = ZeroNanoseconds;
            return true;
        }

        int i = 19;
        long fraction = 0;
        if (text[i] == '.')
        {
            int digits = 0;
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
            {
                if (digits < 9)
                {
                    fraction = fraction * 10 + (text[i] - '0');
                }
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        var zone = text.AsSpan(i);
        TimeSpan offset;
        if (zone is "Z" or "z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-')
            && int.TryParse(zone.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(zone.Slice(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
        {
            offset = new TimeSpan(hours, minutes, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        long unixSeconds = (long)(seconds - DateTime.UnixEpoch).TotalSeconds - (long)offset.TotalSeconds;
        unixNanoseconds = unixSeconds * 1_000_000_000 + fraction;
        return true;
    }

    /// <summary>RFC 3339 with nanoseconds, trailing zeros dropped, in UTC (<c>Z</c>): Go's <c>RFC3339Nano</c>.</summary>
    public static string FormatNano(long unixNanoseconds)
    {
        if (unixNanoseconds == ZeroNanoseconds)
        {
            return Zero;
        }

        long seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }

        var builder = new StringBuilder(DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (nanos != 0)
        {
            builder.Append('.').Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return builder.Append('Z').ToString();
    }

    /// <summary>RFC 3339 to the second, UTC: Go's <c>RFC3339</c>.</summary>
    public static string FormatSeconds(long unixSeconds)
        => DateTime.UnixEpoch.AddSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reformats RFC 3339 text as <see cref="FormatNano"/>; the zero time when it does not parse.</summary>
    public static string ToNano(string? rfc3339) => TryParse(rfc3339, out var ns) ? FormatNano(ns) : Zero;

    /// <summary>Reformats RFC 3339 text to the second; the zero time when it does not parse.</summary>
    public static string ToSeconds(string? rfc3339) => TryParse(rfc3339, out var ns) && ns != ZeroNanoseconds ? FormatSeconds(FloorDiv(ns, 1_000_000_000)) : Zero;

    /// <summary>Unix seconds (libpod's list times) → RFC3339Nano; Go's zero time stays the zero time.</summary>
    public static string FromUnixSeconds(long unixSeconds)
        => unixSeconds <= ZeroUnixSeconds ? Zero : FormatNano(unixSeconds * 1_000_000_000);

    /// <summary>Now, as unix nanoseconds.</summary>
    public static long NowNanoseconds(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Go's <c>time.Duration.String()</c>: <c>1h2m3.5s</c>, <c>4.2s</c>, <c>350ms</c>, <c>0s</c>.</summary>
    public static string FormatDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var sign = nanoseconds < 0 ? "-" : "";
        ulong ns = (ulong)Math.Abs(nanoseconds);
        if (ns < 1_000)
        {
            return $"{sign}{ns}ns";
        }

        if (ns < 1_000_000)
        {
            return sign + Fraction(ns, 1_000) + "µs";
        }

        if (ns < 1_000_000_000)
        {
            return sign + Fraction(ns, 1_000_000) + "ms";
        }

        var builder = new StringBuilder(sign);
        ulong hours = ns / 3_600_000_000_000;
        ns -= hours * 3_600_000_000_000;
        ulong minutes = ns / 60_000_000_000;
        ns -= minutes * 60_000_000_000;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return builder.Append(Fraction(ns, 1_000_000_000)).Append('s').ToString();
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var rest = value % unit;
        if (rest == 0)
        {
            return whole;
        }

        int digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rest.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>docker's go-units <c>HumanDuration</c>: "Less than a second", "5 seconds", "About a minute", "3 hours", "2 weeks", …</summary>
    public static string HumanDuration(long nanoseconds)
    {
        double seconds = nanoseconds / 1e9;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if ((long)seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{(long)seconds} seconds";
        }

        double minutes = seconds / 60;
        if ((long)minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{(long)minutes} minutes";
        }

        double hours = Math.Round(seconds / 3600);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return $"{(long)hours} hours";
        }

        if (hours < 24 * 7 * 2)
        {
            return $"{(long)(hours / 24)} days";
        }

        if (hours < 24 * 30 * 2)
        {
            return $"{(long)(hours / 24 / 7)} weeks";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{(long)(hours / 24 / 30)} months";
        }

        return $"{(long)(hours / 24 / 365)} years";
    }

    private static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
