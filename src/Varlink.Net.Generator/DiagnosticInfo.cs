using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Varlink.Generator;

/// <summary>A diagnostic to report, kept as values (no Roslyn symbols or locations) so results stay equatable.</summary>
internal sealed record DiagnosticInfo(string Id, string Path, int Line, int Column, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string path, int line, int column, params string[] arguments) =>
        new(descriptor.Id, path, line, column, new EquatableArray<string>(arguments));

    /// <summary>A diagnostic about item metadata: no line of the .varlink file is at fault (line 0, no location).</summary>
    public static DiagnosticInfo ForMetadata(DiagnosticDescriptor descriptor, string path, params string[] arguments) =>
        new(descriptor.Id, path, 0, 0, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        var descriptor = VarlinkDiagnostics.ById(Id);
        if (Line == 0)
        {
            return Diagnostic.Create(descriptor, Location.None, Arguments.Cast<object>().ToArray());
        }

        var position = new LinePosition(Math.Max(Line - 1, 0), Math.Max(Column - 1, 0));
        var location = Location.Create(Path, default, new LinePositionSpan(position, position));
        return Diagnostic.Create(descriptor, location, Arguments.Cast<object>().ToArray());
    }
}
