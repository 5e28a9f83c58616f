using System.Text.Json;
using Varlink.Idl;

namespace Varlink;

/// <summary>
/// What the server needs to know about a registered interface, from its parsed definition: its name,
/// its text for GetInterfaceDescription, which methods and errors it declares, and whether a call's
/// parameters fit the method's input.
/// </summary>
internal sealed class InterfaceSchema
{
    private InterfaceSchema(VarlinkInterfaceDefinition definition) => Definition = definition;

    public VarlinkInterfaceDefinition Definition { get; }

    public string Name => Definition.Name;

    public string Description => Definition.Text;

    public static InterfaceSchema Parse(string description) => new(VarlinkInterfaceDefinition.Parse(description));

    public static InterfaceSchema From(VarlinkInterfaceDefinition definition) => new(definition);

    public bool HasMethod(string member) => Definition.FindMethod(member) is not null;

    public bool HasError(string member) => Definition.FindError(member) is not null;

    /// <summary>The path of the first unknown, missing or mistyped parameter of a call, or null when they fit.</summary>
    public string? FindInvalidParameter(string member, JsonElement parameters)
        => VarlinkValidator.FindInvalidParameter(Definition, member, parameters);
}
