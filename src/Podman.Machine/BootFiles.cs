using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Podman.Machine;

/// <summary>
/// The kernel, initramfs and kernel command line of an appliance ISO, for a direct kernel boot
/// (qemu <c>-kernel</c>/<c>-initrd</c>/<c>-append</c>: no BIOS CD reads, no boot loader). Taken out of
/// the ISO once and kept in <see cref="DefaultCacheDirectory"/>, one directory per ISO (its full path,
/// size and modification time: a rebuilt ISO gets a new one).
/// </summary>
/// <remarks>
/// The ISO's initramfs is compressed (xz, to keep the ISO within its size goal), and a guest under TCG
/// takes many seconds to unpack it: the emulated CPU runs the decoder at a fraction of the host's speed.
/// So the cache keeps it decompressed, done once on the host by <c>xz</c> (or <c>zstd</c>) in well under a
/// second of host time; the kernel takes an uncompressed newc cpio as it is and only copies it into its
/// root file system. Without the tool (or when it fails), the compressed file is used as it is.
/// The kernel likewise: a bzImage's payload is the compressed ELF kernel, which the guest decompresses
/// (seconds under TCG) before its clock even starts. Debian's kernel has a PVH entry point (a Xen ELF
/// note), which lets qemu load the ELF directly, so the cache also keeps the payload decompressed
/// (<c>vmlinux</c>) and a cold start boots that (<see cref="BestKind"/>).
/// </remarks>
internal sealed record BootFiles(string Kernel, string Initrd, string CommandLine)
{
    /// <summary>The kernel as the ISO has it: a bzImage, which decompresses itself in the guest.</summary>
    public const string BzImageKind = "bzImage";

    /// <summary>The kernel decompressed on the host: an ELF <c>vmlinux</c> with a PVH entry point.</summary>
    public const string PvhKind = "pvh";

    /// <summary>The kind of <see cref="Kernel"/>: <see cref="BzImageKind"/> or <see cref="PvhKind"/>.</summary>
    public string Kind { get; init; } = BzImageKind;

    /// <summary>The decompressed ELF kernel (PVH entry point), or null when the host could not make one.</summary>
    public string? PvhKernel { get; init; }

    /// <summary><see cref="PvhKind"/> when <see cref="PvhKernel"/> is there, else <see cref="BzImageKind"/>: the fastest this host has.</summary>
    public string BestKind => PvhKernel is null ? BzImageKind : PvhKind;

    /// <summary>The kernel file of a kind; a snapshot resumes with the kind it booted (qemu's boot ROM differs).</summary>
    /// <exception cref="MachineException">A PVH kernel is asked for and the cache has none.</exception>
    public string KernelOf(string kind) => kind switch
    {
        BzImageKind => Kernel,
        PvhKind => PvhKernel ?? throw new MachineException(
            "The snapshot was taken from a machine that booted the decompressed (PVH) kernel, and this host cannot make one from the ISO (xz missing?)."),
        _ => throw new MachineException($"Unknown direct boot kernel kind '{kind}'."),
    };

    public const string KernelIsoPath = "/boot/vmlinuz";
    public const string InitrdIsoPath = "/boot/initrd.img";
    public const string BootLoaderConfigIsoPath = "/isolinux/isolinux.cfg";

    /// <summary><c>$XDG_CACHE_HOME/boot2podman/boot</c>, or <c>~/.cache/boot2podman/boot</c>.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string cache = !string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "boot2podman", "boot");
        }
    }

    /// <summary>The boot files of <paramref name="iso"/>, taken out of it unless the cache has them.</summary>
    /// <exception cref="MachineException">The ISO is not an appliance ISO (no kernel, initramfs or boot line).</exception>
    public static async Task<BootFiles> GetAsync(string iso, string? cacheDirectory, CancellationToken cancellationToken)
    {
        var info = new FileInfo(iso);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The ISO does not exist: {iso}.", iso);
        }

        // "initrd: cpio" is part of the key: caches made before the initramfs was kept decompressed are not reused.
        string identity = string.Create(CultureInfo.InvariantCulture, $"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}\ninitrd: cpio, kernel: pvh");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24];
        string dir = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, key);
        var files = new BootFiles(Path.Combine(dir, "vmlinuz"), Path.Combine(dir, "initrd.img"), "");
        string commandLineFile = Path.Combine(dir, "cmdline");
        if (File.Exists(commandLineFile) && File.Exists(files.Kernel) && File.Exists(files.Initrd))
        {
            return await CompleteAsync(files, dir, commandLineFile, cancellationToken).ConfigureAwait(false);
        }

        // Made in a private directory beside it, then renamed: a concurrent start sees all or nothing.
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        string temporary = $"{dir}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            string commandLine;
            try
            {
                using IsoImage image = IsoImage.Open(iso);
                commandLine = BootLoaderAppendLine(image.ReadText(BootLoaderConfigIsoPath))
                    ?? throw new MachineException($"{iso}: {BootLoaderConfigIsoPath} has no 'append' line (the kernel command line).");
                await image.ExtractAsync(KernelIsoPath, Path.Combine(temporary, "vmlinuz"), cancellationToken).ConfigureAwait(false);
                await image.ExtractAsync(InitrdIsoPath, Path.Combine(temporary, "initrd.img"), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new MachineException($"Cannot take the kernel out of {iso} for a direct boot: {e.Message}", e);
            }

            string kernelFormat = await ExtractPvhKernelAsync(Path.Combine(temporary, "vmlinuz"), Path.Combine(temporary, "vmlinux"), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "kernel.format"), kernelFormat + "\n", cancellationToken).ConfigureAwait(false);
            string initrdFormat = await DecompressInitrdAsync(Path.Combine(temporary, "initrd.img"), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "initrd.format"), initrdFormat + "\n", cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "cmdline"), commandLine + "\n", cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(temporary, "source"), identity + "\n", cancellationToken).ConfigureAwait(false);
            try
            {
                System.IO.Directory.Move(temporary, dir);
            }
            catch (IOException) when (File.Exists(commandLineFile))
            {
                // Another start made it first: use theirs.
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(temporary))
            {
                System.IO.Directory.Delete(temporary, recursive: true);
            }
        }

        return await CompleteAsync(files, dir, commandLineFile, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BootFiles> CompleteAsync(BootFiles files, string dir, string commandLineFile, CancellationToken cancellationToken)
    {
        string pvh = Path.Combine(dir, "vmlinux");
        return files with
        {
            CommandLine = (await File.ReadAllTextAsync(commandLineFile, cancellationToken).ConfigureAwait(false)).Trim(),
            PvhKernel = File.Exists(pvh) ? pvh : null,
        };
    }

    /// <summary>The compression of an initramfs by its first bytes: <c>xz</c>, <c>zstd</c>, <c>gzip</c>, <c>cpio</c> (newc, none) or null.</summary>
    public static string? InitrdCompression(ReadOnlySpan<byte> head) => head switch
    {
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => "xz",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd",
        [0x1F, 0x8B, ..] => "gzip",
        [(byte)'0', (byte)'7', (byte)'0', (byte)'7', (byte)'0', (byte)'1', ..] => "cpio",
        _ => null,
    };

    /// <summary>
    /// Replaces the compressed initramfs at <paramref name="path"/> with its decompressed cpio when the
    /// host has the decoder and the result is a cpio archive; returns what the file is now
    /// (<c>cpio (from xz)</c>, or the compression kept and why).
    /// </summary>
    internal static async Task<string> DecompressInitrdAsync(string path, CancellationToken cancellationToken)
    {
        byte[] head = new byte[8];
        await ReadHeadAsync(path, head, cancellationToken).ConfigureAwait(false);
        string? compression = InitrdCompression(head);
        if (compression is null or "cpio")
        {
            return compression ?? "unknown";
        }

        string unpacked = path + ".cpio";
        string? failure = await DecodeAsync(compression, path, unpacked, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            await ReadHeadAsync(unpacked, head, cancellationToken).ConfigureAwait(false);
            failure = InitrdCompression(head) == "cpio" ? null : "not a cpio archive once decompressed";
        }

        if (failure is not null)
        {
            File.Delete(unpacked);
            return $"{compression} ({failure}; kept compressed)";
        }

        File.Move(unpacked, path, overwrite: true);
        return $"cpio (from {compression})";
    }

    /// <summary>
    /// Writes the ELF kernel inside the bzImage <paramref name="bzImage"/> to <paramref name="output"/> when it
    /// has a PVH entry point and the host has the payload's decoder; returns what was done, or why not.
    /// </summary>
    internal static async Task<string> ExtractPvhKernelAsync(string bzImage, string output, CancellationToken cancellationToken)
    {
        byte[] image = await File.ReadAllBytesAsync(bzImage, cancellationToken).ConfigureAwait(false);
        if (BzImagePayload(image) is not { } payload)
        {
            return "bzImage (no payload found in its setup header)";
        }

        string? compression = InitrdCompression(image.AsSpan(payload.Offset, Math.Min(payload.Length, 8)));
        if (compression is null or "cpio")
        {
            return $"bzImage (payload compression {compression ?? "unknown"})";
        }

        string packed = output + "." + compression;
        await File.WriteAllBytesAsync(packed, image.AsMemory(payload.Offset, payload.Length), cancellationToken).ConfigureAwait(false);
        try
        {
            string? failure = await DecodeAsync(compression, packed, output, cancellationToken).ConfigureAwait(false);
            if (failure is null && !HasPvhEntry(await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false)))
            {
                failure = "the kernel has no PVH entry point";
            }

            if (failure is not null)
            {
                File.Delete(output);
                return $"bzImage ({failure})";
            }
        }
        finally
        {
            File.Delete(packed);
        }

        return $"pvh (ELF from the bzImage's {compression} payload)";
    }

    /// <summary>Where a bzImage's compressed kernel is (Linux boot protocol 2.08+: setup header's payload_offset/length).</summary>
    internal static (int Offset, int Length)? BzImagePayload(ReadOnlySpan<byte> image)
    {
        if (image.Length < 0x250 || !image.Slice(0x202, 4).SequenceEqual("HdrS"u8) || ReadUInt16(image, 0x206) < 0x0208)
        {
            return null;
        }

        int setupSectors = image[0x1F1] == 0 ? 4 : image[0x1F1];
        long offset = (setupSectors + 1L) * 512 + ReadUInt32(image, 0x248);
        long length = ReadUInt32(image, 0x24C);
        return length > 0 && offset + length <= image.Length ? ((int)offset, (int)length) : null;
    }

    /// <summary>Whether an ELF64 image carries the Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY (18), the PVH entry point qemu boots.</summary>
    internal static bool HasPvhEntry(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007fELF"u8) || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little-endian */)
        {
            return false;
        }

        long phoff = (long)ReadUInt64(elf, 0x20);
        int phentsize = ReadUInt16(elf, 0x36), phnum = ReadUInt16(elf, 0x38);
        for (int i = 0; i < phnum; i++)
        {
            long header = phoff + (long)i * phentsize;
            if (header + 56 > elf.Length || ReadUInt32(elf, (int)header) != 4 /* PT_NOTE */)
            {
                continue;
            }

            long at = (long)ReadUInt64(elf, (int)header + 8), end = at + (long)ReadUInt64(elf, (int)header + 32);
            while (at + 12 <= end && end <= elf.Length)
            {
                int nameSize = (int)ReadUInt32(elf, (int)at), descSize = (int)ReadUInt32(elf, (int)at + 4);
                uint type = ReadUInt32(elf, (int)at + 8);
                long name = at + 12;
                if (type == 18 && nameSize == 4 && name + 4 <= elf.Length && elf.Slice((int)name, 4).SequenceEqual("Xen\0"u8))
                {
                    return true;
                }

                at = name + Align4(nameSize) + Align4(descSize);
            }
        }

        return false;

        static long Align4(int size) => (size + 3L) & ~3L;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);

    private static uint ReadUInt32(ReadOnlySpan<byte> data, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    private static ulong ReadUInt64(ReadOnlySpan<byte> data, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);

    private static async Task ReadHeadAsync(string path, byte[] head, CancellationToken cancellationToken)
    {
        Array.Clear(head);
        await using var input = File.OpenRead(path);
        await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/> with the host's decoder; null, or why it failed.</summary>
    private static async Task<string?> DecodeAsync(string compression, string input, string output, CancellationToken cancellationToken)
    {
        string[] decoder = compression switch
        {
            // xz: a bzImage's payload ends with the kernel's size after the stream; --single-stream stops there.
            "xz" => ["xz", "--decompress", "--stdout", "--single-stream"],
            "zstd" => ["zstd", "--decompress", "--stdout", "--quiet"],
            "gzip" => ["gzip", "--decompress", "--stdout"],
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "no decoder"),
        };
        var info = new ProcessStartInfo(decoder[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in decoder.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(input);
        try
        {
            using Process process = Process.Start(info) ?? throw new Win32Exception($"{decoder[0]} could not be started");
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await process.StandardOutput.BaseStream.CopyToAsync(file, 1 << 16, cancellationToken).ConfigureAwait(false);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            string errors = (await stderr.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0 ? null : $"{decoder[0]} exited {process.ExitCode}{(errors.Length > 0 ? ": " + errors : "")}";
        }
        catch (Win32Exception)
        {
            return $"no {decoder[0]} on this host";
        }
    }

    /// <summary>The kernel command line of the boot loader's first <c>append</c> line, or null.</summary>
    public static string? BootLoaderAppendLine(string config)
    {
        foreach (string raw in config.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("append ", StringComparison.OrdinalIgnoreCase) || line.StartsWith("append\t", StringComparison.OrdinalIgnoreCase))
            {
                return line[7..].Trim();
            }
        }

        return null;
    }
}
