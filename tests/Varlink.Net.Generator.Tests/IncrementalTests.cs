extern alias generator;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using generator::Varlink.Generator;

namespace Varlink.Net.Generator.Tests;

/// <summary>The generator redoes a .varlink file only when its text or settings change.</summary>
public class IncrementalTests
{
    private const string Interface = "interface org.example.inc\n\nmethod Ping(ping: string) -> (pong: string)\n";

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun(AdditionalText file)
    {
        var compilation = CSharpCompilation.Create("Incremental", [CSharpSyntaxTree.ParseText("class A { }", GeneratorHarness.ParseOptions)], GeneratorHarness.References);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new VarlinkSourceGenerator().AsSourceGenerator()],
            [file],
            GeneratorHarness.ParseOptions,
            new TestAnalyzerConfigOptionsProvider(new Dictionary<string, string>(), new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return (driver.RunGenerators(compilation), compilation);
    }

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).Select(output => output.Reason);

    [Fact]
    public void EditingCSharpCodeReusesTheGeneratedOutput()
    {
        var (driver, compilation) = FirstRun(new InMemoryAdditionalText("/src/org.example.inc.varlink", Interface));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions)));

        var reasons = OutputReasons(driver).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void ChangingTheFileRegeneratesIt()
    {
        var original = new InMemoryAdditionalText("/src/org.example.inc.varlink", Interface);
        var (driver, compilation) = FirstRun(original);

        driver = driver.ReplaceAdditionalText(original, new InMemoryAdditionalText("/src/org.example.inc.varlink", Interface.Replace("Ping", "Knock", StringComparison.Ordinal)));
        driver = driver.RunGenerators(compilation);

        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(driver));
        var client = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(".Client.g.cs", StringComparison.Ordinal));
        Assert.Contains("KnockAsync(string ping,", client.SourceText.ToString(), StringComparison.Ordinal);
    }
}
