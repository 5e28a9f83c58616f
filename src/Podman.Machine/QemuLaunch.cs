namespace Podman.Machine;

/// <summary>One start of qemu: the running machine, or why qemu did not start.</summary>
/// <param name="State">The running machine, or null.</param>
/// <param name="Failure">Why qemu did not start (one line), or null.</param>
internal sealed record QemuLaunch(MachineRuntimeState? State, string? Failure)
{
    public static QemuLaunch Failed(string failure) => new(null, failure);
}
