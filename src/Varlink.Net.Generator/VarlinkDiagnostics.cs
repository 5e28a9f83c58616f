using Microsoft.CodeAnalysis;

namespace Varlink.Generator;

/// <summary>
/// The generator's diagnostics. Those about the interface point at the line and column of the
/// .varlink file; those about item metadata (VLG002, VLG005) have no location in it and name the
/// AdditionalFiles item and its metadata in the message (the project file is not visible to a generator).
/// </summary>
internal static class VarlinkDiagnostics
{
    private const string Category = "Varlink";

    public static readonly DiagnosticDescriptor InvalidDefinition = new(
        "VLG001",
        "Invalid varlink interface definition",
        "The varlink interface definition is invalid: {0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownMethod = new(
        "VLG002",
        "Unknown method in item metadata",
        "The item metadata {0} of <AdditionalFiles Include=\"{3}\"> (in the project file or a .props it imports) names method '{1}', which interface '{2}' does not declare",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MoreAndUpgrade = new(
        "VLG003",
        "Method both streams and upgrades",
        "Method '{0}' is listed in both VarlinkMoreMethods and VarlinkUpgradeMethods; a call can use only one of 'more' and 'upgrade'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NameCollision = new(
        "VLG004",
        "Generated C# names collide",
        "The C# name '{0}' generated for {1} collides with {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidMetadata = new(
        "VLG005",
        "Invalid item metadata",
        "The item metadata {1} of <AdditionalFiles Include=\"{3}\"> (in the project file or a .props it imports) has the value '{0}', which is not valid; expected {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "VLG001" => InvalidDefinition,
        "VLG002" => UnknownMethod,
        "VLG003" => MoreAndUpgrade,
        "VLG004" => NameCollision,
        _ => InvalidMetadata,
    };
}
