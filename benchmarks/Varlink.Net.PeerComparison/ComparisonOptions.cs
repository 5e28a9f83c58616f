using System.Globalization;

namespace Varlink.PeerComparison;

/// <summary>The runner's command line.</summary>
internal sealed class ComparisonOptions
{
    public const string Usage = """
        usage: Varlink.Net.PeerComparison --client NAME=PROGRAM [ARGS] ... --server NAME=PROGRAM [ARGS] ...
                                          [--floor PROGRAM] [--repetitions N] [--duration S]
                                          [--work DIR] [--out FILE] [--samples FILE]
          Runs every client x server pair over a unix socket, N times each (interleaved), and the raw
          floor, then prints a Markdown table of medians (min-max) and the ratios to Go.
          A client takes the Go bench client's flags and prints 'RESULT <figure> <value>' lines;
          a server takes --varlink unix:PATH and stops on SIGTERM. Defaults: 5 repetitions of 2 s.
        """;

    public List<Peer> Clients { get; } = [];

    public List<Peer> Servers { get; } = [];

    public string? Floor { get; set; }

    public int Repetitions { get; set; } = 5;

    public double Duration { get; set; } = 2;

    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "varlink-peer-comparison");

    public string? OutputFile { get; set; }

    public string? SamplesFile { get; set; }

    /// <exception cref="FormatException">An unknown flag, a flag without its value, or a bad value.</exception>
    public static ComparisonOptions Parse(IReadOnlyList<string> args)
    {
        var o = new ComparisonOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{flag} needs a value");
            switch (flag)
            {
                case "--client": o.Clients.Add(Peer.Parse(Value())); break;
                case "--server": o.Servers.Add(Peer.Parse(Value())); break;
                case "--floor": o.Floor = Value(); break;
                case "--repetitions": o.Repetitions = PositiveInt(flag, Value()); break;
                case "--duration": o.Duration = PositiveDouble(flag, Value()); break;
                case "--work": o.WorkDirectory = Value(); break;
                case "--out": o.OutputFile = Value(); break;
                case "--samples": o.SamplesFile = Value(); break;
                default: throw new FormatException($"unknown flag '{flag}'");
            }
        }

        if (o.Clients.Count == 0 || o.Servers.Count == 0)
        {
            throw new FormatException("at least one --client and one --server are needed");
        }

        return o;
    }

    private static int PositiveInt(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{flag} wants a positive integer, not '{value}'");

    private static double PositiveDouble(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d)
            ? d
            : throw new FormatException($"{flag} wants a positive number of seconds, not '{value}'");
}
