namespace Varlink.Idl;

/// <summary>A method: <c>method Name (input) -> (output)</c>.</summary>
/// <param name="Name">The method's name (without the interface).</param>
/// <param name="Input">The call's parameters.</param>
/// <param name="Output">The reply's parameters.</param>
/// <param name="Documentation">The doc comment, or null.</param>
public sealed record VarlinkMethod(string Name, VarlinkStructType Input, VarlinkStructType Output, string? Documentation = null)
    : VarlinkMember(Name, Documentation);
