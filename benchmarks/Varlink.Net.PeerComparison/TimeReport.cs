using System.Globalization;

namespace Varlink.PeerComparison;

/// <summary>Reads what <c>/usr/bin/time -v</c> wrote about a finished process.</summary>
internal static class TimeReport
{
    private const string PeakRssLabel = "Maximum resident set size (kbytes):";

    /// <summary>Returns the peak resident set size in KiB.</summary>
    /// <exception cref="FormatException">The report has no peak RSS line.</exception>
    public static long PeakRssKiB(string report)
    {
        foreach (var raw in report.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(PeakRssLabel, StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(PeakRssLabel.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                && kib > 0)
            {
                return kib;
            }
        }

        throw new FormatException($"no '{PeakRssLabel}' line in the /usr/bin/time -v report:\n{report}");
    }
}
