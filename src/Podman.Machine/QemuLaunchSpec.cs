namespace Podman.Machine;

/// <summary>Everything the qemu command line is made from. Paths must be absolute (qemu -daemonize changes to /).</summary>
internal sealed record QemuLaunchSpec
{
    public required string Name { get; init; }
    public required string IsoPath { get; init; }
    public string? DataDiskPath { get; init; }
    public required int MemoryMiB { get; init; }
    public required int Cpus { get; init; }
    public required MachineAccelerator Accelerator { get; init; }

    /// <summary>The qemu <c>-cpu</c> model; null takes the accelerator's default (<see cref="QemuCommandLine.DefaultCpuModel"/>).</summary>
    public string? CpuModel { get; init; }

    /// <summary>Adds qemu's VM generation ID device with a new ID (<c>-device vmgenid,guid=auto</c>).</summary>
    public bool VmGenerationId { get; init; }
    public required int SshPort { get; init; }
    public required string ConsoleLogPath { get; init; }
    public required string QmpSocketPath { get; init; }
    public required string PidFilePath { get; init; }
    public required string AuthorizedKeysPath { get; init; }
    public required string HostKeyPath { get; init; }

    /// <summary>Boot the kernel directly (no ISO, no boot loader); null boots the ISO through ISOLINUX.</summary>
    public BootFiles? DirectBoot { get; init; }

    /// <summary>A saved VM state (qemu's migration stream) to resume instead of booting; null boots.</summary>
    public string? IncomingStatePath { get; init; }
}
