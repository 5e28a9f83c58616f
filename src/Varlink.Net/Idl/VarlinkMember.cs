namespace Varlink.Idl;

/// <summary>
/// A declaration in an interface: a <see cref="VarlinkTypeDefinition"/>, a <see cref="VarlinkMethod"/>
/// or a <see cref="VarlinkError"/>. Types, methods and errors share one namespace.
/// </summary>
/// <param name="Name">The declared name (<c>[A-Z][A-Za-z0-9]*</c>).</param>
/// <param name="Documentation">The doc comment directly above the declaration (lines joined by <c>\n</c>, without <c>#</c>), or null.</param>
public abstract record VarlinkMember(string Name, string? Documentation)
{
    /// <summary>
    /// Comment blocks that stand on their own above this declaration (separated from it by a blank
    /// line, for example a commented-out method). Kept so that formatting loses nothing.
    /// </summary>
    public EquatableArray<string> DetachedComments { get; init; }

    /// <summary>The 1-based line of the declared name in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Line { get; init; }

    /// <summary>The 1-based column of the declared name in the parsed text (0 when built in code). Not part of equality.</summary>
    public int Column { get; init; }

    /// <summary>Compares kind, name, documentation and detached comments; the position is ignored.</summary>
    /// <param name="other">The other declaration.</param>
    /// <returns>True when both declare the same thing.</returns>
    public virtual bool Equals(VarlinkMember? other) =>
        other is not null
        && EqualityContract == other.EqualityContract
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Documentation, other.Documentation, StringComparison.Ordinal)
        && DetachedComments.Equals(other.DetachedComments);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
