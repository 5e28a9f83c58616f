namespace Varlink.Idl;

/// <summary>An error: <c>error Name (parameters)</c>.</summary>
/// <param name="Name">The error's name (without the interface).</param>
/// <param name="Parameters">The error reply's parameters.</param>
/// <param name="Documentation">The doc comment, or null.</param>
public sealed record VarlinkError(string Name, VarlinkStructType Parameters, string? Documentation = null)
    : VarlinkMember(Name, Documentation);
