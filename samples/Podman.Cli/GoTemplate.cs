using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podman.Cli;

/// <summary>
/// The subset of Go's text/template that people paste into <c>--format</c>: literal text (with <c>\t</c> and
/// <c>\n</c> written as two characters, as podman accepts them), <c>{{.Field}}</c> and <c>{{.Field.Sub}}</c>
/// (names matched exactly, then ignoring case), <c>{{.}}</c>, <c>{{json .Field}}</c>, <c>{{upper .Field}}</c>,
/// <c>{{lower .Field}}</c>, spaces and <c>-</c> trim markers inside the braces, and a leading <c>table</c>
/// that prints a header line and aligns the columns. Values print as Go's <c>%v</c> does: lists as
/// <c>[a b]</c>, maps as <c>map[k:v]</c>. Anything else (range, if, pipes, printf) is refused with the
/// action named, rather than printed wrongly.
/// </summary>
internal sealed class GoTemplate
{
    private readonly List<Part> _parts;

    private GoTemplate(List<Part> parts, bool table)
    {
        _parts = parts;
        IsTable = table;
    }

    /// <summary>The format began with <c>table</c>: a header line first, columns aligned.</summary>
    public bool IsTable { get; }

    public static GoTemplate Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        bool table = false;
        string text = format;
        if (text.StartsWith("table", StringComparison.Ordinal) && (text.Length == 5 || char.IsWhiteSpace(text[5])))
        {
            table = true;
            text = text[5..].TrimStart();
        }

        var parts = new List<Part>();
        int at = 0;
        while (at < text.Length)
        {
            int open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(Part.Literal(Unescape(text[at..])));
                break;
            }

            int close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new UsageException($"--format: '{{{{' at column {open + 1} has no '}}}}'");
            }

            parts.Add(Part.Literal(Unescape(text[at..open])));
            parts.Add(ParseAction(text[(open + 2)..close]));
            at = close + 2;
        }

        return new GoTemplate(parts, table);
    }

    /// <summary>The header line of a <c>table</c> format: each field's header (from <paramref name="headers"/>, else its name in capitals).</summary>
    public string Header(IReadOnlyDictionary<string, string> headers) => string.Concat(_parts.Select(part => part.Kind switch
    {
        PartKind.Literal => part.Text,
        _ when part.Path.Length == 0 => string.Empty,
        _ => headers.TryGetValue(part.Path[^1], out string? header) ? header : part.Path[^1].ToUpperInvariant(),
    }));

    /// <summary>Renders one row.</summary>
    /// <exception cref="UsageException">A field the row does not have.</exception>
    public string Render(JsonNode? row)
    {
        var text = new StringBuilder();
        foreach (Part part in _parts)
        {
            if (part.Kind == PartKind.Literal)
            {
                text.Append(part.Text);
                continue;
            }

            JsonNode? value = Lookup(row, part.Path);
            text.Append(part.Kind switch
            {
                PartKind.Json => value?.ToJsonString() ?? "null",
                PartKind.Upper => Print(value).ToUpperInvariant(),
                PartKind.Lower => Print(value).ToLowerInvariant(),
                _ => Print(value),
            });
        }

        return text.ToString();
    }

    /// <summary>A value as Go's <c>%v</c> prints it.</summary>
    public static string Print(JsonNode? value) => value switch
    {
        null => "<no value>",
        JsonArray array => "[" + string.Join(' ', array.Select(Print)) + "]",
        JsonObject map => "map[" + string.Join(' ', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Print(p.Value)}")) + "]",
        JsonValue scalar => scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => scalar.ToJsonString(),
            _ => "<no value>",
        },
        _ => value.ToJsonString(),
    };

    private static JsonNode? Lookup(JsonNode? row, string[] path)
    {
        JsonNode? node = row;
        foreach (string name in path)
        {
            if (node is not JsonObject map)
            {
                throw new UsageException($"--format: can't evaluate field {name} in a {Kind(node)}");
            }

            if (!map.TryGetPropertyValue(name, out JsonNode? next))
            {
                string? match = map.Select(p => p.Key).FirstOrDefault(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    throw new UsageException($"--format: can't evaluate field {name} (fields: {string.Join(", ", map.Select(p => p.Key))})");
                }

                next = map[match];
            }

            node = next;
        }

        return node;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "list",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };

    private static Part ParseAction(string inside)
    {
        string action = inside.Trim();
        if (action.StartsWith('-'))
        {
            action = action[1..].TrimStart();
        }

        if (action.EndsWith('-'))
        {
            action = action[..^1].TrimEnd();
        }

        string[] words = action.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (PartKind kind, string field) = words switch
        {
            [var f] when f.StartsWith('.') => (PartKind.Field, f),
            ["json", var f] when f.StartsWith('.') => (PartKind.Json, f),
            ["upper", var f] when f.StartsWith('.') => (PartKind.Upper, f),
            ["lower", var f] when f.StartsWith('.') => (PartKind.Lower, f),
            _ => throw new UsageException($"--format: '{{{{{inside}}}}}' is not in the supported subset ({{{{.Field}}}}, {{{{.A.B}}}}, {{{{json .X}}}}, {{{{upper .X}}}}, {{{{lower .X}}}}, a leading 'table')"),
        };
        string[] path = field == "." ? [] : field[1..].Split('.');
        if (path.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new UsageException($"--format: '{field}' is not a field name");
        }

        return new Part(kind, string.Empty, path);
    }

    private static string Unescape(string literal) =>
        literal.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);

    private enum PartKind
    {
        Literal,
        Field,
        Json,
        Upper,
        Lower,
    }

    private sealed record Part(PartKind Kind, string Text, string[] Path)
    {
        public static Part Literal(string text) => new(PartKind.Literal, text, []);
    }
}
