namespace Podman.Client;

/// <summary>How a <see cref="PodmanClient"/> reaches io.podman, once the options, environment and config are read.</summary>
/// <param name="Address">The varlink address (<c>ssh://</c>, <c>unix:</c>, …), or null for a bridge command.</param>
/// <param name="BridgeCommand">The local command that carries varlink on its stdin/stdout, or null.</param>
/// <param name="IdentityFile">The SSH private key podman-remote.conf names, or null.</param>
/// <param name="Source">Where it came from: <c>options</c>, an environment variable's name, or the config file's path.</param>
public sealed record PodmanConnection(string? Address, string? BridgeCommand, string? IdentityFile, string Source);
