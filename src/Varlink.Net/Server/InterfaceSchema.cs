using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Varlink.Idl;

namespace Varlink;

/// <summary>
/// What the server needs to know about a registered interface, from its parsed definition: its name,
/// its text for GetInterfaceDescription, which methods and errors it declares, and whether a call's
/// parameters fit the method's input.
/// </summary>
internal sealed class InterfaceSchema
{
    private readonly Dictionary<string, VarlinkMethod> _methods;

    private InterfaceSchema(VarlinkInterfaceDefinition definition)
    {
        Definition = definition;
        _methods = definition.Members.OfType<VarlinkMethod>().ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    public VarlinkInterfaceDefinition Definition { get; }

    public string Name => Definition.Name;

    public string Description => Definition.Text;

    public static InterfaceSchema Parse(string description) => new(VarlinkInterfaceDefinition.Parse(description));

    public static InterfaceSchema From(VarlinkInterfaceDefinition definition) => new(definition);

    public bool HasError(string member) => Definition.FindError(member) is not null;

    /// <summary>Finds a declared method by the name a call gave, without making a string of it.</summary>
    public bool TryGetMethod(ReadOnlySpan<char> name, [NotNullWhen(true)] out VarlinkMethod? method)
        => _methods.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out method);

    /// <summary>
    /// The path of the first unknown, missing or mistyped parameter of a call (only mistyped when lenient), or null when they fit.
    /// Walks the raw parameter bytes (empty when absent) in place.
    /// </summary>
    public string? FindInvalidParameter(VarlinkMethod method, ReadOnlySequence<byte> parameters, int maxDepth, bool lenient)
        => VarlinkValidator.FindInvalidInput(Definition, method, parameters, maxDepth, lenient);
}
