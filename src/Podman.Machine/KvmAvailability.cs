namespace Podman.Machine;

/// <summary>The result of <see cref="KvmProbe.Probe"/>.</summary>
/// <param name="IsUsable">Whether qemu can use <c>-accel kvm</c>.</param>
/// <param name="Reason">What the probe found, in words.</param>
internal sealed record KvmAvailability(bool IsUsable, string Reason);
