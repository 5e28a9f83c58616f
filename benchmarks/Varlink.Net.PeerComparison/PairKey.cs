namespace Varlink.PeerComparison;

/// <summary>A row of the report: one client talking to one server.</summary>
internal readonly record struct PairKey(string Client, string Server)
{
    /// <summary>The row of the raw floor (no varlink implementation at all).</summary>
    public static readonly PairKey Floor = new("raw floor (C)", "socketpair");

    public override string ToString() => $"{Client} → {Server}";
}
