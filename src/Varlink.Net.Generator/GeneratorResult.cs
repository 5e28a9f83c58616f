namespace Varlink.Generator;

/// <summary>What one .varlink file produces: source files and diagnostics, compared by value.</summary>
internal sealed record GeneratorResult(EquatableArray<GeneratedFile> Files, EquatableArray<DiagnosticInfo> Diagnostics);
