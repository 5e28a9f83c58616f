namespace Varlink.Idl;

/// <summary>An array <c>[]T</c>: a JSON array whose items are all of type <paramref name="Element"/>.</summary>
/// <param name="Element">The item type.</param>
public sealed record VarlinkArrayType(VarlinkType Element) : VarlinkType;
