namespace Varlink.Idl;

/// <summary>A reference to a <c>type</c> declared in the same interface.</summary>
/// <param name="Name">The referenced type's name.</param>
public sealed record VarlinkNamedType(string Name) : VarlinkType;
