namespace Varlink.Idl;

/// <summary>A field of a struct (also a method parameter or an error parameter).</summary>
/// <param name="Name">The wire name, exactly as declared.</param>
/// <param name="Type">The field's type; <c>?T</c> fields may be absent or null.</param>
/// <param name="Documentation">The doc comment (lines joined by <c>\n</c>, without <c>#</c>), or null.</param>
public sealed record VarlinkField(string Name, VarlinkType Type, string? Documentation = null)
{
    /// <summary>The 1-based line of the field name in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Line { get; init; }

    /// <summary>The 1-based column of the field name in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Column { get; init; }

    /// <summary>Compares name, type and documentation; the position is ignored.</summary>
    /// <param name="other">The other field.</param>
    /// <returns>True when both describe the same field.</returns>
    public bool Equals(VarlinkField? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && Type.Equals(other.Type)
        && string.Equals(Documentation, other.Documentation, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        unchecked((StringComparer.Ordinal.GetHashCode(Name) * 31) + Type.GetHashCode());
}
