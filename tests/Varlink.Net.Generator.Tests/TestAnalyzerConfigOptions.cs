using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Varlink.Net.Generator.Tests;

/// <summary>MSBuild properties and item metadata as the compiler passes them to generators.</summary>
internal sealed class TestAnalyzerConfigOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
{
    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
}

/// <summary>Global options plus per-file metadata (keys without the <c>build_metadata.AdditionalFiles.</c> prefix).</summary>
internal sealed class TestAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, string> fileMetadata)
    : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestAnalyzerConfigOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new TestAnalyzerConfigOptions(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new TestAnalyzerConfigOptions(fileMetadata.ToDictionary(pair => "build_metadata.AdditionalFiles." + pair.Key, pair => pair.Value));
}
