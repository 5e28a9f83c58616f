namespace Varlink.Idl;

/// <summary>
/// A varlink type as written in an interface definition: a primitive, a reference to a named type,
/// an anonymous struct or enum, an array, a string-keyed map (a set is a map of the empty struct) or
/// a nullable type. Types compare by value.
/// </summary>
public abstract record VarlinkType
{
    /// <summary>Whether a JSON <c>null</c> or an absent field is acceptable (the type is <c>?T</c>).</summary>
    public virtual bool IsNullable => false;

    /// <summary>The type in IDL syntax, on one line (for example <c>?[]string</c>).</summary>
    /// <returns>The IDL text of the type.</returns>
    public sealed override string ToString() => VarlinkIdlFormatter.FormatTypeInline(this);
}
