namespace Varlink.Idl;

/// <summary>
/// A map <c>[string]T</c>: a JSON object with arbitrary keys whose values are of type
/// <paramref name="Value"/>. A string set <c>[string]()</c> is the map of the empty struct.
/// </summary>
/// <param name="Value">The value type.</param>
public sealed record VarlinkMapType(VarlinkType Value) : VarlinkType
{
    /// <summary>A string set <c>[string]()</c>: every value is the empty object.</summary>
    public static VarlinkMapType Set { get; } = new(VarlinkStructType.Empty);

    /// <summary>Whether this is a string set (<c>[string]()</c>).</summary>
    public bool IsSet => Value is VarlinkStructType { Fields.Count: 0 };
}
