using System.Diagnostics;

namespace Podman.Machine.Tests;

/// <summary>The direct boot's files, taken out of an ISO that xorriso makes the way appliance/build.sh does.</summary>
public sealed class BootFilesTests
{
    private const string Append = "console=tty0 console=ttyS0,115200n8 quiet loglevel=3 panic=10";

    private static string MakeIso(TempDirectory dir, bool withKernel = true)
    {
        string tree = dir.File("tree");
        Directory.CreateDirectory(Path.Combine(tree, "boot"));
        Directory.CreateDirectory(Path.Combine(tree, "isolinux"));
        if (withKernel)
        {
            File.WriteAllBytes(Path.Combine(tree, "boot", "vmlinuz"), Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        }

        File.WriteAllBytes(Path.Combine(tree, "boot", "initrd.img"), Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray());
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
}
