namespace Varlink.PeerComparison;

/// <summary>Every sample of every row, in the order the rows were first seen.</summary>
internal sealed class ComparisonResults
{
    private readonly Dictionary<PairKey, Dictionary<string, List<double>>> _samples = [];
    private readonly List<PairKey> _rows = [];

    public IReadOnlyList<PairKey> Rows => _rows;

    public void Add(PairKey pair, string figure, double value)
    {
        if (!_samples.TryGetValue(pair, out var figures))
        {
            figures = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            _samples.Add(pair, figures);
            _rows.Add(pair);
        }

        if (!figures.TryGetValue(figure, out var list))
        {
            list = [];
            figures.Add(figure, list);
        }

        list.Add(value);
    }

    /// <summary>The summary of one figure of one row, or null when it was not measured.</summary>
    public Summary? Get(PairKey pair, Figure figure) =>
        _samples.TryGetValue(pair, out var figures) && figures.TryGetValue(figure.Name, out var list) && list.Count > 0
            ? Summary.Of(list)
            : null;

    /// <summary>Every sample as <c>client, server, figure, value</c> rows.</summary>
    public IEnumerable<(PairKey Pair, string Figure, double Value)> All() =>
        from pair in _rows
        from f in _samples[pair]
        from v in f.Value
        select (pair, f.Key, v);
}
