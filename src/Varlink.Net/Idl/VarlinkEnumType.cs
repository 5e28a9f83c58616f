namespace Varlink.Idl;

/// <summary>An enum <c>(a, b, c)</c>: a JSON string that is one of the member names.</summary>
/// <param name="Members">The members in declaration order.</param>
public sealed record VarlinkEnumType(EquatableArray<VarlinkEnumMember> Members) : VarlinkType
{
    /// <summary>Whether <paramref name="name"/> is exactly one of the member names.</summary>
    /// <param name="name">A candidate value.</param>
    /// <returns>True when the enum has that member.</returns>
    public bool Contains(string name)
    {
        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
