using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Varlink.Generator;

/// <summary>
/// Turns every <c>&lt;AdditionalFiles Include="*.varlink" /&gt;</c> into typed C#: records, enums,
/// exceptions, a client proxy, a server base class and JSON metadata. Each file is parsed once per
/// change of its text or settings; the results are plain values, so unchanged files are not redone.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class VarlinkSourceGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".varlink", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                var (file, options) = pair;
                var fileOptions = options.GetOptions(file);
                string? Metadata(string name) =>
                    fileOptions.TryGetValue("build_metadata.AdditionalFiles." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
                options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
                return new GeneratorInput(
                    file.Path,
                    file.GetText(cancellationToken)?.ToString() ?? string.Empty,
                    Metadata("VarlinkNamespace") ?? (string.IsNullOrWhiteSpace(rootNamespace) ? "Varlink.Generated.Interfaces" : rootNamespace!),
                    Metadata("VarlinkTypeName"),
                    Metadata("VarlinkGenerate") ?? "both",
                    Metadata("VarlinkAccessibility") ?? "public",
                    Metadata("VarlinkMoreMethods") ?? string.Empty,
                    Metadata("VarlinkUpgradeMethods") ?? string.Empty,
                    Metadata("VarlinkOnewayMethods") ?? string.Empty,
                    Metadata("VarlinkLenientReplies") ?? "false");
            })
            .Select(static (input, cancellationToken) => InterfaceGenerator.Generate(input, cancellationToken));

        context.RegisterSourceOutput(inputs, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (var file in result.Files)
            {
                output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
            }
        });
    }
}
