using System.Text;

namespace Varlink.Generator;

/// <summary>Writes indented C# lines.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4).Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="text"/> (when not empty) and an indented block's <c>{</c>.</summary>
    public CodeWriter Open(string text)
    {
        if (text.Length > 0)
        {
            Line(text);
        }

        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string text = "}")
    {
        _indent--;
        return Line(text);
    }

    /// <summary>
    /// A <c>&lt;summary&gt;</c> from IDL documentation (escaped), or <paramref name="fallbackXml"/>
    /// (already XML) when there is none.
    /// </summary>
    public CodeWriter Summary(string? documentation, string fallbackXml)
    {
        var lines = documentation is null ? [fallbackXml] : documentation.Split('\n').Select(CSharpNames.Xml).ToArray();
        if (lines.Length == 1)
        {
            return Line($"/// <summary>{lines[0]}</summary>");
        }

        Line("/// <summary>");
        foreach (var line in lines)
        {
            Line(line.Length == 0 ? "///" : "/// " + line);
        }

        return Line("/// </summary>");
    }

    /// <summary>A <c>&lt;summary&gt;</c> from IDL documentation, or nothing when there is none (the generated files allow that).</summary>
    public CodeWriter OptionalSummary(string? documentation) =>
        documentation is null ? this : Summary(documentation, string.Empty);

    public override string ToString() => _builder.ToString();
}
