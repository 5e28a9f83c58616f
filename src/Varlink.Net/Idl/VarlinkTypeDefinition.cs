namespace Varlink.Idl;

/// <summary>A named type: <c>type Name (fields…)</c> or <c>type Name (members…)</c>.</summary>
/// <param name="Name">The type's name.</param>
/// <param name="Type">The defined type: a <see cref="VarlinkStructType"/> or a <see cref="VarlinkEnumType"/>.</param>
/// <param name="Documentation">The doc comment, or null.</param>
public sealed record VarlinkTypeDefinition(string Name, VarlinkType Type, string? Documentation = null)
    : VarlinkMember(Name, Documentation);
