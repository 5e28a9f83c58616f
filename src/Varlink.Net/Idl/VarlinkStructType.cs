namespace Varlink.Idl;

/// <summary>A struct <c>(name: type, …)</c>: a JSON object with the given fields. <c>()</c> is the empty struct.</summary>
/// <param name="Fields">The fields in declaration order.</param>
public sealed record VarlinkStructType(EquatableArray<VarlinkField> Fields) : VarlinkType
{
    /// <summary>The empty struct <c>()</c>.</summary>
    public static VarlinkStructType Empty { get; } = new(EquatableArray<VarlinkField>.Empty);

    /// <summary>Finds a field by its exact name.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The field, or null when the struct has no such field.</returns>
    public VarlinkField? FindField(string name)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                return field;
            }
        }

        return null;
    }
}
