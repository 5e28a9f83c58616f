using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>Builds a libpod request path with its query: booleans as <c>true</c>/<c>false</c>, lists as repeated keys, filters as URL-encoded JSON.</summary>
internal sealed class LibpodQuery(string path)
{
    private readonly StringBuilder _builder = new(path);
    private bool _first = !path.Contains('?', StringComparison.Ordinal);

    public LibpodQuery Add(string key, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder.Append(_first ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        _first = false;
        return this;
    }

    public LibpodQuery Add(string key, bool value) => Add(key, value ? "true" : "false");

    public LibpodQuery Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public LibpodQuery AddEach(string key, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Add(key, value);
        }

        return this;
    }

    /// <summary>Adds <c>filters</c> as JSON <c>map[string][]string</c>, unless there are none.</summary>
    public LibpodQuery AddFilters(IReadOnlyDictionary<string, List<string>>? filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return this;
        }

        var map = filters as Dictionary<string, List<string>> ?? new Dictionary<string, List<string>>(filters);
        return Add("filters", JsonSerializer.Serialize(map, LibpodJsonContext.Default.DictionaryStringListString));
    }

    /// <summary>Escapes one path segment (a container name or id).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public override string ToString() => _builder.ToString();
}
