namespace Podman.Client;

/// <summary>A published port.</summary>
/// <param name="HostIp">The host address (empty: all).</param>
/// <param name="HostPort">The host port.</param>
/// <param name="ContainerPort">The container port.</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</param>
public sealed record PortMapping(string HostIp, int HostPort, int ContainerPort, string Protocol);
