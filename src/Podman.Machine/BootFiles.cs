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
internal sealed record BootFiles(string Kernel, string Initrd, string CommandLine)
{
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

        string identity = string.Create(CultureInfo.InvariantCulture, $"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24];
        string dir = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, key);
        var files = new BootFiles(Path.Combine(dir, "vmlinuz"), Path.Combine(dir, "initrd.img"), "");
        string commandLineFile = Path.Combine(dir, "cmdline");
        if (File.Exists(commandLineFile) && File.Exists(files.Kernel) && File.Exists(files.Initrd))
        {
            return files with { CommandLine = (await File.ReadAllTextAsync(commandLineFile, cancellationToken).ConfigureAwait(false)).Trim() };
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

        return files with { CommandLine = (await File.ReadAllTextAsync(commandLineFile, cancellationToken).ConfigureAwait(false)).Trim() };
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
