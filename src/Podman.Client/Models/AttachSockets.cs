namespace Podman.Client;

/// <summary>Where a container's console sockets are on podman's host (podman 1.x's attach plumbing).</summary>
/// <param name="ContainerId">The container.</param>
/// <param name="IoSocket">The attach socket.</param>
/// <param name="ControlSocket">The control socket (resize, close).</param>
public sealed record AttachSockets(string ContainerId, string IoSocket, string ControlSocket);
