namespace Podman.Client;

/// <summary>A container's resource usage at one moment.</summary>
/// <param name="Id">Container id.</param>
/// <param name="Name">Container name.</param>
/// <param name="CpuPercent">CPU use since the previous sample, in percent of one CPU.</param>
/// <param name="CpuTime">CPU time used.</param>
/// <param name="SystemCpuTime">The host's CPU time at the sample (for computing rates).</param>
/// <param name="MemoryUsage">Memory in bytes.</param>
/// <param name="MemoryLimit">Memory limit in bytes.</param>
/// <param name="MemoryPercent">Memory in percent of the limit.</param>
/// <param name="NetworkInput">Bytes received.</param>
/// <param name="NetworkOutput">Bytes sent.</param>
/// <param name="BlockInput">Bytes read from block devices.</param>
/// <param name="BlockOutput">Bytes written to block devices.</param>
/// <param name="Pids">Number of processes.</param>
public sealed record ContainerStats(
    string Id, string Name, double CpuPercent, TimeSpan CpuTime, TimeSpan SystemCpuTime, long MemoryUsage, long MemoryLimit, double MemoryPercent,
    long NetworkInput, long NetworkOutput, long BlockInput, long BlockOutput, long Pids);
