extern alias generator;

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using generator::Varlink.Generator;

namespace Varlink.Net.Generator.Tests;

/// <summary>Runs the generator in memory over one .varlink text and compiles its output.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

    public sealed record Run(GeneratorDriverRunResult Result, Compilation Output)
    {
        public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

        public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

        public string Source(string hintSuffix) => Sources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();
    }

    public static Run Generate(string path, string text, IReadOnlyDictionary<string, string>? metadata = null, params string[] extraSources)
    {
        var compilation = CSharpCompilation.Create(
            "Generated",
            extraSources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));
        var options = new TestAnalyzerConfigOptionsProvider(
            new Dictionary<string, string> { ["build_property.RootNamespace"] = "Generated.Tests" },
            metadata ?? new Dictionary<string, string>());
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new VarlinkSourceGenerator().AsSourceGenerator()],
            [new InMemoryAdditionalText(path, text)],
            ParseOptions,
            options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new Run(driver.GetRunResult(), output);
    }

    /// <summary>The running framework's assemblies plus Varlink.Net.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(file => Path.GetFileName(file).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(file) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(Varlink.Generated.VarlinkJson).Assembly.Location)
            .Distinct()
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToList();
}
