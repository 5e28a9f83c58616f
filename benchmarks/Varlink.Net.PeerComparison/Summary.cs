namespace Varlink.PeerComparison;

/// <summary>The median and the range of the repetitions of one figure.</summary>
internal readonly record struct Summary(double Median, double Min, double Max, int Count)
{
    /// <summary>Summarises a non-empty set of samples.</summary>
    public static Summary Of(IEnumerable<double> samples)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }
}
