using System.Diagnostics;

namespace Podman.Machine.Tests;

/// <summary>The direct boot's files, taken out of an ISO that xorriso makes the way appliance/build.sh does.</summary>
public sealed class BootFilesTests
{
    private const string Append = "console=tty0 console=ttyS0,115200n8 quiet loglevel=3 panic=10";

    private static string MakeIso(TempDirectory dir, bool withKernel = true, byte[]? kernel = null, byte[]? initrd = null)
    {
        string tree = dir.File("tree");
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        Directory.CreateDirectory(Path.Combine(tree, "isolinux"));
        if (withKernel)
        {
            File.WriteAllBytes(Path.Combine(tree, "boot", "vmlinuz"), kernel ?? Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        }

        File.WriteAllBytes(Path.Combine(tree, "boot", "initrd.img"), initrd ?? Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Combine(tree, "isolinux", "isolinux.cfg"),
            $"serial 0 115200\ndefault boot2podman\nlabel boot2podman\n  kernel /boot/vmlinuz\n  initrd /boot/initrd.img\n  append {Append}\n");
        string iso = dir.File("test.iso");
        var xorriso = Process.Start(new ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-o", iso, "-V", "Boot2Podman-vT", "-J", "-joliet-long", "-r", tree])
        {
            RedirectStandardError = true,
        })!;
        xorriso.StandardError.ReadToEnd();
        xorriso.WaitForExit();
        Assert.Equal(0, xorriso.ExitCode);
        return iso;
    }

    [Fact]
    public async Task KernelInitrdAndTheBootLoadersAppendLineComeOutOfTheIso()
    {
        using var dir = new TempDirectory();
        string iso = MakeIso(dir);

        BootFiles files = await BootFiles.GetAsync(iso, dir.File("cache"), default);

        Assert.Equal(File.ReadAllBytes(dir.File("tree/boot/vmlinuz")), File.ReadAllBytes(files.Kernel));
        Assert.Equal(File.ReadAllBytes(dir.File("tree/boot/initrd.img")), File.ReadAllBytes(files.Initrd));
        Assert.Equal(Append, files.CommandLine);
        Assert.StartsWith(dir.File("cache"), files.Kernel);
    }

    [Fact]
    public async Task TheCacheIsUsedUntilTheIsoChanges()
    {
        using var dir = new TempDirectory();
        string iso = MakeIso(dir);
        BootFiles first = await BootFiles.GetAsync(iso, dir.File("cache"), default);

        // The ISO's bytes spoilt, its size and time kept: a cache hit does not read it, an extraction would fail.
        byte[] original = File.ReadAllBytes(iso);
        DateTime written = File.GetLastWriteTimeUtc(iso);
        File.WriteAllBytes(iso, new byte[original.Length]);
        File.SetLastWriteTimeUtc(iso, written);
        BootFiles again = await BootFiles.GetAsync(iso, dir.File("cache"), default);
        Assert.Equal(first, again);

        File.WriteAllBytes(iso, original);
        File.SetLastWriteTimeUtc(iso, written.AddMinutes(1));   // a rebuilt ISO
        BootFiles rebuilt = await BootFiles.GetAsync(iso, dir.File("cache"), default);
        Assert.NotEqual(first.Initrd, rebuilt.Initrd);
        Assert.Equal(File.ReadAllBytes(dir.File("tree/boot/initrd.img")), File.ReadAllBytes(rebuilt.Initrd));
    }

    [Fact]
    public async Task AnIsoWithoutKernelIsAClearErrorAndLeavesNoCacheEntry()
    {
        using var dir = new TempDirectory();
        string iso = MakeIso(dir, withKernel: false);

        MachineException e = await Assert.ThrowsAsync<MachineException>(() => BootFiles.GetAsync(iso, dir.File("cache"), default));

        Assert.Contains("/boot/vmlinuz", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.File("cache")));
    }

    [Fact]
    public void AFileThatIsNoIsoIsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("not.iso"), new byte[64 * 1024]);

        Assert.Throws<InvalidDataException>(() => IsoImage.Open(dir.File("not.iso")));
    }

    private static byte[] Run(string tool, byte[] input, params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    // A newc cpio of one file, as the appliance's build makes its initramfs.
    private static byte[] Cpio(TempDirectory dir)
    {
        string tree = dir.File("rootfs");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "init"), Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251)).ToArray());
        var cpio = Process.Start(new ProcessStartInfo("sh", ["-c", "cd \"$0\" && echo init | cpio -o -H newc --quiet", tree]) { RedirectStandardOutput = true })!;
        var output = new MemoryStream();
        cpio.StandardOutput.BaseStream.CopyTo(output);
        cpio.WaitForExit();
        Assert.Equal(0, cpio.ExitCode);
        return output.ToArray();
    }

    // A minimal ELF64 with one PT_NOTE segment holding a Xen note of the given type (18: the PVH entry point).
    private static byte[] Elf(uint noteType)
    {
        var elf = new byte[120 + 12 + 4 + 8];
        "\u007fELF"u8.CopyTo(elf);
        elf[4] = 2;   // 64-bit
        elf[5] = 1;   // little-endian
        elf[6] = 1;
        BitConverter.TryWriteBytes(elf.AsSpan(0x10), (ushort)2);    // ET_EXEC
        BitConverter.TryWriteBytes(elf.AsSpan(0x12), (ushort)62);   // x86-64
        BitConverter.TryWriteBytes(elf.AsSpan(0x20), 64UL);         // e_phoff
        BitConverter.TryWriteBytes(elf.AsSpan(0x36), (ushort)56);   // e_phentsize
        BitConverter.TryWriteBytes(elf.AsSpan(0x38), (ushort)1);    // e_phnum
        BitConverter.TryWriteBytes(elf.AsSpan(64), 4U);             // PT_NOTE
        BitConverter.TryWriteBytes(elf.AsSpan(64 + 8), 120UL);      // p_offset
        BitConverter.TryWriteBytes(elf.AsSpan(64 + 32), 24UL);      // p_filesz
        BitConverter.TryWriteBytes(elf.AsSpan(120), 4U);            // namesz
        BitConverter.TryWriteBytes(elf.AsSpan(124), 8U);            // descsz
        BitConverter.TryWriteBytes(elf.AsSpan(128), noteType);
        "Xen\0"u8.CopyTo(elf.AsSpan(132));
        return elf;
    }

    // A bzImage-shaped file: the setup header's magic, protocol 2.15, one setup sector, the payload after it,
    // and the 4-byte trailer a real xz payload of a bzImage has.
    private static byte[] BzImage(byte[] payload)
    {
        var image = new byte[2 * 512 + payload.Length + 4];
        image[0x1F1] = 1;
        "HdrS"u8.CopyTo(image.AsSpan(0x202));
        BitConverter.TryWriteBytes(image.AsSpan(0x206), (ushort)0x020F);
        BitConverter.TryWriteBytes(image.AsSpan(0x248), 0U);
        BitConverter.TryWriteBytes(image.AsSpan(0x24C), (uint)payload.Length + 4);
        payload.CopyTo(image.AsSpan(1024));
        return image;
    }

    [Fact]
    public async Task AnXzInitramfsIsKeptDecompressedAndAPvhKernelIsTakenOutOfTheBzImage()
    {
        using var dir = new TempDirectory();
        byte[] cpio = Cpio(dir);
        byte[] elf = Elf(18);
        string iso = MakeIso(dir,
            kernel: BzImage(Run("xz", elf, "--check=crc32", "-c")),
            initrd: Run("xz", cpio, "--check=crc32", "-c"));

        BootFiles files = await BootFiles.GetAsync(iso, dir.File("cache"), default);

        Assert.Equal(cpio, File.ReadAllBytes(files.Initrd));
        Assert.Equal(elf, File.ReadAllBytes(files.PvhKernel!));
        Assert.Equal(BootFiles.PvhKind, files.BestKind);
        Assert.Equal(files.PvhKernel, files.KernelOf(BootFiles.PvhKind));
        Assert.Equal(File.ReadAllBytes(dir.File("tree/boot/vmlinuz")), File.ReadAllBytes(files.KernelOf(BootFiles.BzImageKind)));
    }

    [Fact]
    public async Task AKernelWithoutPvhEntryBootsAsBzImage()
    {
        using var dir = new TempDirectory();
        byte[] cpio = Cpio(dir);   // once: a second archive of the same tree has another mtime in its header
        string iso = MakeIso(dir, kernel: BzImage(Run("xz", Elf(17), "--check=crc32", "-c")), initrd: Run("zstd", cpio, "-q", "-c"));

        BootFiles files = await BootFiles.GetAsync(iso, dir.File("cache"), default);

        Assert.Null(files.PvhKernel);
        Assert.Equal(BootFiles.BzImageKind, files.BestKind);
        Assert.Equal(cpio, File.ReadAllBytes(files.Initrd));   // zstd is decompressed too
        Assert.Throws<MachineException>(() => files.KernelOf(BootFiles.PvhKind));
        Assert.Null(BootFiles.BzImagePayload(new byte[5000]));
    }

    [Fact]
    public async Task TheAppliancesOwnKernelBootsPvhFromADecompressedInitramfs()
    {
        string? iso = Environment.GetEnvironmentVariable("BOOT2PODMAN_ISO");
        Assert.False(string.IsNullOrEmpty(iso) || !File.Exists(iso), "BOOT2PODMAN_ISO names no ISO (scripts/test.sh builds one)");
        using var dir = new TempDirectory();

        BootFiles files = await BootFiles.GetAsync(iso!, dir.File("cache"), default);

        Assert.Equal(BootFiles.PvhKind, files.BestKind);
        Assert.True(BootFiles.HasPvhEntry(File.ReadAllBytes(files.PvhKernel!)));
        byte[] head = new byte[6];
        using (var initrd = File.OpenRead(files.Initrd))
        {
            initrd.ReadExactly(head);
        }

        Assert.Equal("cpio", BootFiles.InitrdCompression(head));
    }
}
