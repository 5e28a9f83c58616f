using Varlink.PeerComparison;

namespace Varlink.PeerComparison.Tests;

public class MarkdownReportTests
{
    private static readonly MachineInfo Machine = new("test cpu", 2, "6.1", "0.00 0.00 0.00");

    private static ComparisonResults Results()
    {
        var r = new ComparisonResults();
        foreach (var (pair, scale) in new[]
                 {
                     (new PairKey(Peer.Go, Peer.Go), 1.0),
                     (new PairKey(Peer.Ours, Peer.Ours), 3.5),
                     (new PairKey(Peer.Go, Peer.Ours), 2.0),
                 })
        {
            foreach (var rep in new[] { 0.9, 1.0, 1.1 })
            {
                r.Add(pair, Figure.Sequential.Name, 10_000 * scale * rep);
                r.Add(pair, Figure.Pipelined.Name, 40_000 * scale * rep);
                r.Add(pair, Figure.Streamed.Name, 100_000 * scale * rep);
                r.Add(pair, Figure.Echo.Name, 20 * scale * rep);
                r.Add(pair, Figure.ServerPeakRss.Name, 15 / scale);
            }
        }

        r.Add(PairKey.Floor, Figure.Sequential.Name, 40_000);
        return r;
    }

    private static string Render() =>
        MarkdownReport.Render(Results(), ComparisonOptions.Parse(["--client", "Go=/c", "--server", "Go=/s", "--repetitions", "3"]), Machine, "0.5 0.5 0.5");

    [Fact]
    public void MeasurementCellsShowMedianAndRange()
    {
        var md = Render();

        Assert.Contains("| Go → Go | 10,000 (9,000–11,000) | 40,000 (36,000–44,000) | 100,000 (90,000–110,000) | 20.0 (18.0–22.0) | 15.0 (15.0–15.0) |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void RatiosDivideMediansOfTheSameRun()
    {
        var md = Render();

        Assert.Contains("| Varlink.Net → Varlink.Net ÷ Go → Go | 3.50× | 3.50× | 3.50× | 3.50× | 0.29× |", md, StringComparison.Ordinal);
        Assert.Contains("| Varlink.Net → Varlink.Net ÷ raw floor | 0.88× | — | — | — | — |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void GoalsSayMetMissedOrNotMeasured()
    {
        var md = Render();

        Assert.Contains("| Varlink.Net → Varlink.Net sequential ÷ Go → Go | ≥ 3.00× | 3.50× | yes |", md, StringComparison.Ordinal);
        Assert.Contains("| Varlink.Net → Varlink.Net pipelined ÷ Go → Go | ≥ 10.0× | 3.50× | **no** |", md, StringComparison.Ordinal);
        Assert.Contains("| server peak RSS, Varlink.Net AOT ÷ Go (Go client) | ≤ 1× | not measured | — |", md, StringComparison.Ordinal);
    }
}
