using System.Globalization;
using System.Text;

namespace Varlink.PeerComparison;

/// <summary>
/// The comparison as Markdown: the measurements (median and min–max of the repetitions), the ratios
/// Varlink.Net / Go in the same run, and the issue's goals met or missed.
/// </summary>
internal static partial class MarkdownReport
{
    private static readonly Figure[] Columns = [.. Figure.ClientFigures, Figure.ServerPeakRss];

    private static readonly PairKey GoGo = new(Peer.Go, Peer.Go);
    private static readonly PairKey OursOurs = new(Peer.Ours, Peer.Ours);
    private static readonly PairKey OursOursAot = new(Peer.Ours, Peer.OursAot);
    private static readonly PairKey GoOurs = new(Peer.Go, Peer.Ours);
    private static readonly PairKey GoOursAot = new(Peer.Go, Peer.OursAot);
    private static readonly PairKey OursGo = new(Peer.Ours, Peer.Go);
    private static readonly PairKey InlineOurs = new(Peer.OursInline, Peer.Ours);
    private static readonly PairKey InlineOursAot = new(Peer.OursInline, Peer.OursAot);
    private static readonly PairKey ClientOurs = new(Peer.OursClient, Peer.Ours);
    private static readonly PairKey ClientOursAot = new(Peer.OursClient, Peer.OursAot);

    public static string Render(ComparisonResults results, ComparisonOptions options, MachineInfo machine, string loadAtEnd)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {machine.Cpu}, {machine.Cores} cores, Linux {machine.Kernel}; load average {machine.LoadAtStart} before, {loadAtEnd} after.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{options.Repetitions} repetition(s) of {Format(options.Duration, "0.##")} s per figure, pairs interleaved, a fresh server per run; unix socket; cells are median (min–max).");
        md.AppendLine();
        AppendMeasurements(md, results);
        md.AppendLine();
        AppendRatios(md, results);
        md.AppendLine();
        AppendGoals(md, results);
        return md.ToString();
    }

    private static void AppendMeasurements(StringBuilder md, ComparisonResults results)
    {
        md.AppendLine("| client → server | " + string.Join(" | ", Columns.Select(c => c.Title)) + " |");
        md.AppendLine("|---|" + string.Concat(Columns.Select(_ => "---:|")));
        foreach (var pair in results.Rows)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {pair} |");
            foreach (var figure in Columns)
            {
                md.Append(' ').Append(Cell(results.Get(pair, figure), figure)).Append(" |");
            }

            md.AppendLine();
        }
    }

    private static void AppendRatios(StringBuilder md, ComparisonResults results)
    {
        (string Label, PairKey Numerator, PairKey Denominator)[] rows =
        [
            ("Varlink.Net → Varlink.Net ÷ Go → Go", OursOurs, GoGo),
            ("Varlink.Net → Varlink.Net AOT ÷ Go → Go", OursOursAot, GoGo),
            ("Varlink.Net inline → Varlink.Net ÷ Go → Go", InlineOurs, GoGo),
            ("Varlink.Net inline → Varlink.Net AOT ÷ Go → Go", InlineOursAot, GoGo),
            ("VarlinkClient → Varlink.Net AOT ÷ Go → Go", ClientOursAot, GoGo),
            ("VarlinkClient → Varlink.Net ÷ Varlink.Net → Varlink.Net (the client layer's cost)", ClientOurs, OursOurs),
            ("servers under the Go client: Go → Varlink.Net ÷ Go → Go", GoOurs, GoGo),
            ("servers under the Go client: Go → Varlink.Net AOT ÷ Go → Go", GoOursAot, GoGo),
            ("clients against the Go server: Varlink.Net → Go ÷ Go → Go", OursGo, GoGo),
            ("Varlink.Net → Varlink.Net ÷ raw floor", OursOurs, PairKey.Floor),
            ("Varlink.Net inline → Varlink.Net AOT ÷ raw floor", InlineOursAot, PairKey.Floor),
            ("Go → Go ÷ raw floor", GoGo, PairKey.Floor),
        ];
        md.AppendLine("| ratio of medians | " + string.Join(" | ", Columns.Select(c => c.Title)) + " |");
        md.AppendLine("|---|" + string.Concat(Columns.Select(_ => "---:|")));
        foreach (var (label, numerator, denominator) in rows)
        {
            var cells = Columns.Select(f => Ratio(results, numerator, denominator, f)).ToList();
            if (cells.All(c => c is null))
            {
                continue;
            }

            md.AppendLine($"| {label} | " + string.Join(" | ", cells.Select(c => c is { } r ? FormatRatio(r) : "—")) + " |");
        }
    }

    private static double? Ratio(ComparisonResults results, PairKey numerator, PairKey denominator, Figure figure) =>
        results.Get(numerator, figure) is { } n && results.Get(denominator, figure) is { } d && d.Median > 0
            ? n.Median / d.Median
            : null;

    private static string Cell(Summary? summary, Figure figure)
    {
        if (summary is not { } s)
        {
            return "—";
        }

        var format = NumberFormat(figure, s.Median);
        var median = Format(s.Median, format);
        return s.Count == 1 ? median : $"{median} ({Format(s.Min, format)}–{Format(s.Max, format)})";
    }

    private static string NumberFormat(Figure figure, double value) =>
        figure == Figure.Echo || figure == Figure.ServerPeakRss ? (value < 10 ? "0.00" : "0.0") : "#,0";

    private static string FormatRatio(double ratio) =>
        Format(ratio, ratio >= 10 ? "0.0" : ratio >= 0.1 ? "0.00" : "0.#####") + "×";

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
