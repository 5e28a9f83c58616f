using System.Text;

namespace Varlink.PeerComparison;

/// <summary>The goals of the benchmark issue, read off one run.</summary>
internal static partial class MarkdownReport
{
    private static void AppendGoals(StringBuilder md, ComparisonResults results)
    {
        md.AppendLine("| goal (ratio in this run) | target | measured | met |");
        md.AppendLine("|---|---:|---:|:---:|");
        AtLeast(md, "Varlink.Net → Varlink.Net sequential ÷ Go → Go", 3, Ratio(results, OursOurs, GoGo, Figure.Sequential));
        AtLeast(md, "Varlink.Net → Varlink.Net sequential ÷ raw floor", 0.5, Ratio(results, OursOurs, PairKey.Floor, Figure.Sequential));
        if (results.Rows.Contains(InlineOursAot))
        {
            // The opt-in client mode that continues on the receive thread: one wake-up per side.
            AtLeast(md, "Varlink.Net inline → Varlink.Net AOT sequential ÷ Go → Go", 3, Ratio(results, InlineOursAot, GoGo, Figure.Sequential));
            AtLeast(md, "Varlink.Net inline → Varlink.Net AOT sequential ÷ raw floor", 0.5, Ratio(results, InlineOursAot, PairKey.Floor, Figure.Sequential));
        }

        AtLeast(md, "Varlink.Net → Varlink.Net pipelined ÷ Go → Go", 10, Ratio(results, OursOurs, GoGo, Figure.Pipelined));
        AtLeast(md, "Varlink.Net → Varlink.Net streamed ÷ Go → Go", 4, Ratio(results, OursOurs, GoGo, Figure.Streamed));
        AtLeast(md, "Varlink.Net → Varlink.Net 1 MiB echo ÷ Go → Go", 10, Ratio(results, OursOurs, GoGo, Figure.Echo));
        foreach (var server in new[] { GoOurs, GoOursAot })
        {
            var ratios = Figure.ClientFigures.Select(f => (f, r: Ratio(results, server, GoGo, f))).ToList();
            var worst = ratios.Any(x => x.r is null) ? null : ratios.MinBy(x => x.r!.Value).r;
            var worstName = worst is null ? "" : " (" + ratios.MinBy(x => x.r!.Value).f.Title + ")";
            Goal(md, $"under the Go client, {server.Server} server ÷ Go server, worst figure{worstName}", "> 1×", worst, worst > 1);
        }

        var rss = Ratio(results, GoOursAot, GoGo, Figure.ServerPeakRss);
        Goal(md, "server peak RSS, Varlink.Net AOT ÷ Go (Go client)", "≤ 1×", rss, rss <= 1);
    }

    private static void AtLeast(StringBuilder md, string goal, double target, double? measured) =>
        Goal(md, goal, "≥ " + FormatRatio(target), measured, measured >= target);

    private static void Goal(StringBuilder md, string goal, string target, double? measured, bool met) =>
        md.AppendLine($"| {goal} | {target} | {(measured is { } m ? FormatRatio(m) : "not measured")} | {(measured is null ? "—" : met ? "yes" : "**no**")} |");
}
