namespace Podman.Client;

/// <summary>A registry login.</summary>
/// <param name="UserName">User name.</param>
/// <param name="Password">Password or token.</param>
public sealed record RegistryCredentials(string UserName, string Password)
{
    /// <summary>Keeps the password out of logs and debugger views.</summary>
    /// <returns>The user name only.</returns>
    public override string ToString() => $"RegistryCredentials {{ UserName = {UserName} }}";
}
