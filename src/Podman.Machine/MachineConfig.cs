namespace Podman.Machine;

/// <summary>
/// What defines one machine, kept as <c>config.json</c> in its directory. Paths are absolute.
/// </summary>
public sealed record MachineConfig
{
    /// <summary>The current format of <c>config.json</c>.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The format version of this file.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The machine's name, also its directory name.</summary>
    public required string Name { get; init; }

    /// <summary>The boot2podman ISO the machine boots.</summary>
    public required string IsoPath { get; init; }

    /// <summary>The qcow2 data disk, or null for a machine that runs from RAM only.</summary>
    public string? DataDiskPath { get; init; }

    /// <summary>The virtual size of the data disk in bytes (0 without one).</summary>
    public long DataDiskSizeBytes { get; init; }

    /// <summary>Guest memory in MiB.</summary>
    public int MemoryMiB { get; init; } = 2048;

    /// <summary>Number of virtual CPUs.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>How qemu runs the guest; <see cref="MachineAccelerator.Auto"/> probes KVM at each start.</summary>
    public MachineAccelerator Accelerator { get; init; } = MachineAccelerator.Auto;

    /// <summary>The user we log in as over SSH.</summary>
    public string SshUser { get; init; } = "root";

    /// <summary>The private key we log in with (its public half is in <c>.pub</c> beside it).</summary>
    public required string IdentityFile { get; init; }

    /// <summary>The appliance's SSH host private key, handed to the VM through fw_cfg (its public half is in <c>.pub</c> beside it, for known_hosts files).</summary>
    public required string HostKeyFile { get; init; }

    /// <summary>The pinned SHA256 fingerprint of the host key, <c>SHA256:…</c>.</summary>
    public required string HostKeyFingerprint { get; init; }

    /// <summary>
    /// The snapshot this machine was made from (<see cref="MachineStore.CreateFromSnapshotAsync"/>), or null.
    /// Its first start resumes that snapshot; later starts boot its own disk (an overlay of the snapshot's).
    /// </summary>
    public string? SnapshotDirectory { get; init; }

    /// <summary>When the machine was created.</summary>
    public DateTimeOffset CreatedUtc { get; init; }
}
