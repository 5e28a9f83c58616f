namespace Podman.Machine;

/// <summary>
/// Where a running machine is: kept as <c>runtime.json</c> while qemu runs, so that another process
/// (the CLI's <c>ssh</c> or <c>stop</c>) finds it.
/// </summary>
public sealed record MachineRuntimeState
{
    /// <summary>The process id of the (daemonized) qemu.</summary>
    public required int ProcessId { get; init; }

    /// <summary>The 127.0.0.1 port forwarded to the guest's port 22.</summary>
    public required int SshPort { get; init; }

    /// <summary>The QMP unix socket of the VM.</summary>
    public required string QmpSocketPath { get; init; }

    /// <summary>The accelerator qemu was started with (KVM or TCG).</summary>
    public required MachineAccelerator Accelerator { get; init; }

    /// <summary>
    /// The qemu <c>-cpu</c> model the guest runs on (<c>host</c> under KVM, <c>max,la57=off</c> under TCG); null in
    /// files written before it was recorded.
    /// </summary>
    public string? CpuModel { get; init; }

    /// <summary>
    /// Whether qemu runs a VM generation ID device (<c>vmgenid</c>): a clone resumed from a snapshot of this
    /// machine gets a new ID, and the guest kernel reseeds its random number generator at once. Null (false) in
    /// files written before it was recorded.
    /// </summary>
    public bool? VmGenerationId { get; init; }

    /// <summary>
    /// Why qemu runs under <see cref="Accelerator"/>, in words: the machine's setting, what the KVM probe
    /// found, and (for <see cref="MachineAccelerator.Auto"/>) whether the guest ran under KVM.
    /// </summary>
    public string? AcceleratorReason { get; init; }

    /// <summary>
    /// Set when <see cref="MachineAccelerator.Auto"/> tried KVM and the guest did not run under it (qemu
    /// exited, or the console stayed empty): what happened, before the machine was started again under TCG.
    /// Null when there was no fallback.
    /// </summary>
    public string? KvmFallbackReason { get; init; }

    /// <summary>Whether the kernel was booted directly (qemu <c>-kernel</c>) rather than from the ISO's boot loader.</summary>
    public bool DirectBoot { get; init; }

    /// <summary>
    /// With <see cref="DirectBoot"/>, which kernel qemu loaded: <c>pvh</c> (the ELF kernel decompressed on the
    /// host, entered through its PVH entry point) or <c>bzImage</c> (the ISO's, decompressing itself in the
    /// guest); null otherwise.
    /// </summary>
    public string? DirectBootKernel { get; init; }

    /// <summary>The snapshot directory the machine was resumed from by this start, or null for a boot.</summary>
    public string? RestoredFromSnapshot { get; init; }

    /// <summary>When qemu was started.</summary>
    public required DateTimeOffset StartedUtc { get; init; }
}
