namespace Varlink.Generator;

/// <summary>One generated source file.</summary>
internal sealed record GeneratedFile(string HintName, string Text);
