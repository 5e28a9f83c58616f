using System.Formats.Tar;
using System.Text;

namespace Podman.Machine.Tests;

/// <summary>
/// A tiny container image made on the spot: Debian's busybox-static binary with a link per applet, as
/// a rootfs tar for <c>podman import</c> (no registry needed).
/// </summary>
internal static class BusyboxImage
{
    public const string BusyboxPath = "/bin/busybox";

    public static async Task<byte[]> BuildRootfsTarAsync()
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing: install busybox-static (scripts/deps.d/machine.txt, scripts/install-deps.sh).");
        }

        ToolResult list = await ToolRunner.RunCheckedAsync(BusyboxPath, ["--list-full"], TimeSpan.FromMinutes(1), default);
        string[] applets = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var time = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var buffer = new MemoryStream();
        await using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            const UnixFileMode Dir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            foreach (string dir in new[] { "bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "root", "proc", "sys", "dev", "var", "www" })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = Dir, ModificationTime = time });
            }

            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = Dir | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit, ModificationTime = time });
            await using (FileStream binary = File.OpenRead(BusyboxPath))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = Dir, ModificationTime = time, DataStream = binary });
            }

            foreach (string applet in applets.Where(a => a != "bin/busybox").Distinct())
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, applet) { LinkName = "/bin/busybox", ModificationTime = time });
            }

            await WriteTextAsync(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n", time);
            await WriteTextAsync(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n", time);
        }

        return buffer.ToArray();
    }

    /// <summary>Imports the image into the VM's podman as <paramref name="reference"/>.</summary>
    public static async Task ImportAsync(PodmanMachine machine, string reference)
    {
        byte[] rootfs = await BuildRootfsTarAsync();
        (await machine.RunAsync($"podman import --change CMD=/bin/sh - {reference}", new MemoryStream(rootfs), TimeSpan.FromMinutes(5))).EnsureSuccess();
    }

    private static Task WriteTextAsync(TarWriter tar, string name, string text, DateTimeOffset time) =>
        tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = time,
            DataStream = new MemoryStream(Encoding.ASCII.GetBytes(text)),
        });
}
