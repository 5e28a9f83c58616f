namespace Varlink.Generator;

/// <summary>
/// One .varlink file and its settings, as plain strings so that the incremental pipeline compares
/// it by value and regenerates only when the file or its settings change.
/// </summary>
internal sealed record GeneratorInput(
    string Path,
    string Text,
    string Namespace,
    string? TypeName,
    string Generate,
    string Accessibility,
    string MoreMethods,
    string UpgradeMethods,
    string OnewayMethods,
    string LenientReplies);
