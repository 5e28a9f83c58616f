namespace Podman.Machine;

/// <summary>How to create a machine (<see cref="MachineStore.CreateAsync"/>).</summary>
public sealed record MachineCreateOptions
{
    /// <summary>The default data disk size: 20 GiB (qcow2 grows as used).</summary>
    public const long DefaultDataDiskSizeBytes = 20L * 1024 * 1024 * 1024;

    /// <summary>The machine's name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The ISO to boot; null finds it with <see cref="IsoLocator"/>.</summary>
    public string? IsoPath { get; init; }

    /// <summary>The data disk size in bytes; null for a machine without a data disk (runs from RAM only).</summary>
    public long? DataDiskSizeBytes { get; init; } = DefaultDataDiskSizeBytes;

    /// <summary>Guest memory in MiB (at least 512).</summary>
    public int MemoryMiB { get; init; } = 2048;

    /// <summary>Number of virtual CPUs (at least 1).</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>How qemu runs the guest.</summary>
    public MachineAccelerator Accelerator { get; init; } = MachineAccelerator.Auto;

    /// <summary>
    /// An existing private key to log in with (its public key must be at <c>&lt;path&gt;.pub</c>); null
    /// generates an ed25519 key pair in the machine's directory.
    /// </summary>
    public string? IdentityFile { get; init; }
}
