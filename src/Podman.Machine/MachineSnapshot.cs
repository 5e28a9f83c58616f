using System.Security.Cryptography;
using System.Text.Json;

namespace Podman.Machine;

/// <summary>
/// A saved, ready machine (<see cref="PodmanMachine.SaveSnapshotAsync"/>), kept as <c>snapshot.json</c> in
/// its directory beside the VM's memory and device state (<c>memory.state</c>, qemu's migration stream),
/// the data disk as it was (<c>disk.qcow2</c>, the read-only base of every clone's overlay) and the keys
/// the guest holds in that memory. Machines made from it (<see cref="MachineStore.CreateFromSnapshotAsync"/>)
/// resume it instead of booting.
/// </summary>
public sealed record MachineSnapshot
{
    /// <summary>The current format of <c>snapshot.json</c>.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The name of the description file in a snapshot directory.</summary>
    public const string FileName = "snapshot.json";

    internal const string MemoryFileName = "memory.state";
    internal const string DiskFileName = "disk.qcow2";
    internal const string IdentityFileName = "id_ed25519";
    internal const string HostKeyFileName = "ssh_host_ed25519_key";

    /// <summary>The format version of this file.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The machine the snapshot was taken of.</summary>
    public required string SourceMachine { get; init; }

    /// <summary>The ISO the machine booted.</summary>
    public required string IsoPath { get; init; }

    /// <summary>The SHA-256 of that ISO when the snapshot was taken (lower-case hex).</summary>
    public required string IsoSha256 { get; init; }

    /// <summary>Guest memory in MiB: clones get the same.</summary>
    public required int MemoryMiB { get; init; }

    /// <summary>Number of virtual CPUs: clones get the same.</summary>
    public required int Cpus { get; init; }

    /// <summary>The accelerator the machine ran under (KVM or TCG): clones resume under the same.</summary>
    public required MachineAccelerator Accelerator { get; init; }

    /// <summary>
    /// The qemu <c>-cpu</c> model the machine ran on: its clones resume on the same (the saved state holds that
    /// CPU's features). Null in snapshots taken before it was recorded: those ran on <c>max</c> (TCG) or
    /// <c>host</c> (KVM).
    /// </summary>
    public string? CpuModel { get; init; }

    /// <summary>
    /// Whether the machine ran a VM generation ID device: its clones resume with one too (a saved state loads only
    /// into the device set it was saved from), each with an ID of its own, so that every clone's guest kernel
    /// reseeds its random number generator as it resumes. Null (false) in snapshots taken before it was recorded.
    /// </summary>
    public bool? VmGenerationId { get; init; }

    /// <summary>Whether the machine had booted its kernel directly (the device set differs from an ISO boot).</summary>
    public required bool DirectBoot { get; init; }

    /// <summary>
    /// With <see cref="DirectBoot"/>, the kernel the machine booted (<c>pvh</c> or <c>bzImage</c>, as
    /// <see cref="MachineRuntimeState.DirectBootKernel"/>): its clones resume with the same, since qemu's boot
    /// ROM differs between the two. Null in snapshots taken before the PVH kernel: those booted the bzImage.
    /// </summary>
    public string? DirectBootKernel { get; init; }

    /// <summary>Whether there is a data disk (<c>disk.qcow2</c>); false for a machine that ran from RAM.</summary>
    public required bool HasDataDisk { get; init; }

    /// <summary>The virtual size of the data disk in bytes (0 without one).</summary>
    public long DataDiskSizeBytes { get; init; }

    /// <summary>The pinned SHA256 fingerprint of the host key the guest's sshd serves (shared by every clone).</summary>
    public required string HostKeyFingerprint { get; init; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Reads the snapshot in <paramref name="directory"/>.</summary>
    /// <param name="directory">A directory made by <see cref="PodmanMachine.SaveSnapshotAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The snapshot's description.</returns>
    /// <exception cref="MachineException">The directory holds no (complete, readable) snapshot.</exception>
    public static async Task<MachineSnapshot> ReadAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string path = Path.Combine(directory, FileName);
        MachineSnapshot? snapshot;
        try
        {
            await using FileStream stream = File.OpenRead(path);
            snapshot = await JsonSerializer.DeserializeAsync(stream, MachineJsonContext.Default.MachineSnapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            throw new MachineException($"There is no readable snapshot in {directory}: {e.Message}", e);
        }

        if (snapshot is null || snapshot.Version != CurrentVersion)
        {
            throw new MachineException($"{path} is not a version {CurrentVersion} snapshot.");
        }

        foreach (string file in new[] { MemoryFileName, IdentityFileName, HostKeyFileName }.Concat(snapshot.HasDataDisk ? [DiskFileName] : []))
        {
            if (!File.Exists(Path.Combine(directory, file)))
            {
                throw new MachineException($"The snapshot in {directory} lacks {file}.");
            }
        }

        return snapshot;
    }

    /// <summary>Whether the snapshot was taken of a machine booted from this very ISO (same SHA-256).</summary>
    /// <param name="isoPath">An ISO.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    /// <returns>True when the ISO's content is the snapshot's.</returns>
    public async Task<bool> MatchesIsoAsync(string isoPath, CancellationToken cancellationToken = default) =>
        File.Exists(isoPath) && await HashFileAsync(isoPath, cancellationToken).ConfigureAwait(false) == IsoSha256;

    // The user key pair and the host key pair, from a machine into a snapshot or from a snapshot into a clone.
    // Snapshots written before the host key's .pub was copied have the private key only: the public line is
    // then taken out of it (an OpenSSH private key holds its public key in the clear).
    internal static void CopyKeys(string identity, string hostKey, string toIdentity, string toHostKey)
    {
        File.Copy(identity, toIdentity);
        File.Copy(identity + ".pub", toIdentity + ".pub");
        File.Copy(hostKey, toHostKey);
        if (File.Exists(hostKey + ".pub"))
        {
            File.Copy(hostKey + ".pub", toHostKey + ".pub");
        }
        else
        {
            SshKeys.EnsurePublicKeyFile(toHostKey);
        }
    }

    internal static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
