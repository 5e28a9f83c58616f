namespace Varlink.Idl;

/// <summary>A member of an enum.</summary>
/// <param name="Name">The wire name, exactly as declared.</param>
/// <param name="Documentation">The doc comment (lines joined by <c>\n</c>, without <c>#</c>), or null.</param>
public sealed record VarlinkEnumMember(string Name, string? Documentation = null)
{
    /// <summary>The 1-based line of the member in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Line { get; init; }

    /// <summary>The 1-based column of the member in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Column { get; init; }

    /// <summary>Compares name and documentation; the position is ignored.</summary>
    /// <param name="other">The other member.</param>
    /// <returns>True when both describe the same member.</returns>
    public bool Equals(VarlinkEnumMember? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Documentation, other.Documentation, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
