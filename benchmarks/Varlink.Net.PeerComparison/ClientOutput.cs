using System.Globalization;

namespace Varlink.PeerComparison;

/// <summary>Reads the <c>RESULT &lt;figure&gt; &lt;value&gt;</c> lines a bench client prints.</summary>
internal static class ClientOutput
{
    /// <summary>
    /// Parses the client's standard output and checks that every expected figure is there exactly once
    /// with a positive, finite value.
    /// </summary>
    /// <exception cref="FormatException">A figure is missing, repeated, unexpected or not a positive number.</exception>
    public static Dictionary<string, double> Parse(string stdout, IReadOnlyCollection<Figure> expected)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"malformed result line '{line}': want 'RESULT <figure> <value>'");
            }

            var name = parts[1];
            if (!expected.Any(f => f.Name == name))
            {
                throw new FormatException($"unexpected figure '{name}' in '{line}'");
            }

            if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value) || value <= 0)
            {
                throw new FormatException($"figure '{name}' has no positive value: '{parts[2]}'");
            }

            if (!values.TryAdd(name, value))
            {
                throw new FormatException($"figure '{name}' printed twice");
            }
        }

        var missing = expected.Where(f => !values.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"missing figure(s): {string.Join(", ", missing)}");
        }

        return values;
    }
}
