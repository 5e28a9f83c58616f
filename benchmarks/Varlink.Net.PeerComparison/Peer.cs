namespace Varlink.PeerComparison;

/// <summary>
/// One implementation taking part: a bench client (takes the Go bench client's flags and prints
/// <c>RESULT</c> lines) or a bench server (takes <c>--varlink ADDRESS</c>).
/// </summary>
/// <param name="Name">The name in the report (<c>Go</c>, <c>Varlink.Net</c>, <c>Varlink.Net AOT</c>).</param>
/// <param name="Executable">The program to start.</param>
/// <param name="Arguments">Arguments that come before the bench flags (a sub-command, say).</param>
internal sealed record Peer(string Name, string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>The reference implementation the ratios divide by.</summary>
    public const string Go = "Go";

    /// <summary>Our implementation, run on the JIT.</summary>
    public const string Ours = "Varlink.Net";

    /// <summary>Our client with <c>VarlinkConnectionOptions.AllowSynchronousContinuations</c> (opt-in).</summary>
    public const string OursInline = "Varlink.Net inline";

    /// <summary>Our <c>VarlinkClient</c> (Varlink.Net.Extensions): what applications use, retries and telemetry included.</summary>
    public const string OursClient = "VarlinkClient";

    /// <summary>Our server published NativeAOT.</summary>
    public const string OursAot = "Varlink.Net AOT";

    /// <summary>Parses <c>NAME=PROGRAM [ARG...]</c> (arguments split on spaces).</summary>
    /// <exception cref="FormatException">No name or no program.</exception>
    public static Peer Parse(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var words = eq > 0 ? spec[(eq + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (eq <= 0 || words.Length == 0)
        {
            throw new FormatException($"'{spec}' is not NAME=PROGRAM [ARG...]");
        }

        return new Peer(spec[..eq].Trim(), words[0], words[1..]);
    }
}
