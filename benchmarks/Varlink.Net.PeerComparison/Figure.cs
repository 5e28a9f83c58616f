namespace Varlink.PeerComparison;

/// <summary>One measured quantity: the name on a client's <c>RESULT</c> line, and how to show it.</summary>
/// <param name="Name">The name the clients print (<c>RESULT seq_calls_per_s 1234.5</c>).</param>
/// <param name="Title">The column heading in the report.</param>
/// <param name="Test">The client's <c>--tests</c> word that produces it.</param>
/// <param name="HigherIsBetter">Whether a larger value is better.</param>
internal sealed record Figure(string Name, string Title, string Test, bool HigherIsBetter = true)
{
    public static readonly Figure Sequential = new("seq_calls_per_s", "sequential calls/s", "seq");
    public static readonly Figure Pipelined = new("pipelined_calls_per_s", "pipelined calls/s (100 in flight)", "pipe");
    public static readonly Figure Streamed = new("stream_replies_per_s", "streamed replies/s", "stream");
    public static readonly Figure Echo = new("echo_mib_per_s", "echo MiB/s (1 MiB)", "echo");

    /// <summary>The server's peak resident set size, from <c>/usr/bin/time -v</c>; not printed by clients.</summary>
    public static readonly Figure ServerPeakRss = new("server_peak_rss_mib", "server peak RSS MiB", "", HigherIsBetter: false);

    /// <summary>The figures every client prints, in report order.</summary>
    public static readonly IReadOnlyList<Figure> ClientFigures = [Sequential, Pipelined, Streamed, Echo];
}
