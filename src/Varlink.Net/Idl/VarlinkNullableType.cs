namespace Varlink.Idl;

/// <summary>A nullable type <c>?T</c>: JSON <c>null</c>, an absent field, or a value of <paramref name="Inner"/>.</summary>
/// <param name="Inner">The type of a present value; never itself nullable.</param>
public sealed record VarlinkNullableType(VarlinkType Inner) : VarlinkType
{
    /// <inheritdoc/>
    public override bool IsNullable => true;
}
