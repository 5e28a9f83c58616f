namespace Podman.Client;

/// <summary>The machine podman runs on.</summary>
/// <param name="Hostname">Its host name.</param>
/// <param name="Os">Operating system (<c>linux</c>).</param>
/// <param name="Arch">Architecture (<c>amd64</c>).</param>
/// <param name="Kernel">Kernel release.</param>
/// <param name="Distribution">Distribution name.</param>
/// <param name="DistributionVersion">Distribution version.</param>
/// <param name="Cpus">Number of CPUs.</param>
/// <param name="MemoryTotal">Memory in bytes.</param>
/// <param name="MemoryFree">Free memory in bytes.</param>
/// <param name="SwapTotal">Swap in bytes.</param>
/// <param name="SwapFree">Free swap in bytes.</param>
/// <param name="Uptime">Time since boot, when podman's text could be read.</param>
/// <param name="EventLogger">Where podman writes events (<c>file</c>, <c>journald</c>).</param>
/// <param name="BuildahVersion">The buildah podman embeds.</param>
public sealed record PodmanHostInfo(
    string Hostname, string Os, string Arch, string Kernel, string Distribution, string DistributionVersion, int Cpus,
    long MemoryTotal, long MemoryFree, long SwapTotal, long SwapFree, TimeSpan? Uptime, string EventLogger, string BuildahVersion);
