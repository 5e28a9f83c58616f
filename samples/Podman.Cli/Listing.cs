using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Podman.Cli;

/// <summary>A column of a listing: its header and the row field it shows (the field's Go-template name).</summary>
internal sealed record Column(string Header, string Field);

/// <summary>
/// How listings and inspect print: a table (Spectre, no borders, never wrapped), <c>--format json</c> (the
/// rows as a JSON array, the same field names the templates use), or a Go template (<see cref="GoTemplate"/>)
/// applied to each row.
/// </summary>
internal static class Listing
{
    public const string FormatHelp = "table (default), json, or a Go template: '{{.Names}} {{.Status}}', 'table {{.ID}}\\t{{.Image}}'";

    // Tables are laid out this wide, so that no cell wraps when the output is a pipe or a narrow terminal.
    private const int LayoutWidth = 4096;

    public static Option<string?> FormatOption() => Checked(new Option<string?>("--format") { Description = "Output: " + FormatHelp });

    /// <summary>A --format option whose template is checked when the command line is parsed, before anything is called.</summary>
    public static Option<string?> Checked(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            string? format = result.GetValueOrDefault<string?>();
            if (format is null or "" or "json" or "table" or "yaml" or "text")
            {
                return;
            }

            try
            {
                GoTemplate.Parse(format);
            }
            catch (UsageException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    public static async Task WriteAsync(ParseResult parse, string? format, IReadOnlyList<JsonObject> rows, IReadOnlyList<Column> columns)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        if (format is "json")
        {
            await output.WriteLineAsync(new JsonArray([.. rows.Select(r => r.DeepClone())]).ToJsonString(Cli.IndentedJson));
            return;
        }

        if (format is null or "" or "table")
        {
            await output.WriteAsync(Table([.. columns.Select(c => c.Header)], rows.Select(row => columns.Select(c => GoTemplate.Print(row[c.Field])).ToArray())));
            return;
        }

        GoTemplate template = GoTemplate.Parse(format);
        IEnumerable<string> lines = rows.Select(template.Render);
        if (template.IsTable)
        {
            var headers = columns.ToDictionary(c => c.Field, c => c.Header, StringComparer.Ordinal);
            string[] rendered = [template.Header(headers), .. lines];
            await output.WriteAsync(Table(rendered[0].Split('\t'), rendered[1..].Select(l => l.Split('\t'))));
            return;
        }

        foreach (string line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    /// <summary>One object or the array of them as indented JSON, or each through a Go template.</summary>
    public static async Task WriteInspectAsync(ParseResult parse, string? format, IReadOnlyList<JsonNode> items)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        if (format is null or "" or "json")
        {
            await output.WriteLineAsync(new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString(Cli.IndentedJson));
            return;
        }

        GoTemplate template = GoTemplate.Parse(format);
        foreach (JsonNode item in items)
        {
            await output.WriteLineAsync(template.Render(item));
        }
    }

    /// <summary>Lays out a table as text: the header, then the rows; columns two spaces apart, no trailing blanks.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.None).HideHeaders();
        for (int i = 0; i < headers.Count; i++)
        {
            table.AddColumn(new TableColumn(string.Empty) { NoWrap = true, Padding = new Padding(0, 0, 2, 0) });
        }

        table.AddRow([.. headers.Select(Cell)]);
        foreach (IReadOnlyList<string> row in rows)
        {
            table.AddRow([.. Enumerable.Range(0, headers.Count).Select(i => Cell(i < row.Count ? row[i] : string.Empty))]);
        }

        using var writer = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = LayoutWidth;
        console.Write(table);
        return string.Concat(writer.ToString().Split('\n').Where(l => l.Length > 0).Select(l => l.TrimEnd() + "\n"));
    }

    private static Text Cell(string text) => new(text.Replace('\n', ' ').Replace('\t', ' '));
}
