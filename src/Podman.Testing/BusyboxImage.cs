using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Podman.Machine;

namespace Podman.Testing;

/// <summary>
/// A tiny container image made on the spot: Debian's busybox-static binary with a link per applet, as
/// a rootfs tar for <c>podman import</c> (no registry needed).
/// </summary>
public static class BusyboxImage
{
    /// <summary>Where Debian's busybox-static puts the binary.</summary>
    public const string BusyboxPath = "/bin/busybox";

    /// <summary>The rootfs tar: busybox, a link per applet, /etc/passwd and /etc/group.</summary>
    /// <returns>The tar's bytes.</returns>
    /// <exception cref="InvalidOperationException">busybox-static is not installed.</exception>
    public static async Task<byte[]> BuildRootfsTarAsync()
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing: install busybox-static (scripts/deps.d/machine.txt, scripts/install-deps.sh).");
        }

        string[] applets = (await ListAppletsAsync().ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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

    /// <summary>Imports the image into the VM's podman as <paramref name="reference"/> (over SSH: <c>podman import</c>).</summary>
    /// <param name="machine">A running machine.</param>
    /// <param name="reference">The image's name (<c>localhost/bb:test</c>).</param>
    /// <returns>A task that completes when podman has the image.</returns>
    public static async Task ImportAsync(PodmanMachine machine, string reference)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        byte[] rootfs = await BuildRootfsTarAsync().ConfigureAwait(false);
        (await machine.RunAsync($"podman import --change CMD=/bin/sh - {reference}", new MemoryStream(rootfs), TimeSpan.FromMinutes(5)).ConfigureAwait(false)).EnsureSuccess();
    }

    private static async Task<string> ListAppletsAsync()
    {
        using var process = Process.Start(new ProcessStartInfo(BusyboxPath, "--list-full") { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{BusyboxPath} did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{BusyboxPath} --list-full exited with {process.ExitCode}.");
    }

    private static Task WriteTextAsync(TarWriter tar, string name, string text, DateTimeOffset time) =>
        tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = time,
            DataStream = new MemoryStream(Encoding.ASCII.GetBytes(text)),
        });
}
