using System.Formats.Tar;
using System.Text;

namespace Podman.Machine;

/// <summary>
/// The boot2podman data disk: a disk image whose first bytes are a tar archive that starts with the
/// member <c>boot2podman, please format-me</c>, followed by <c>.ssh/authorized_keys</c>. The appliance
/// sees the magic string in the first 29 bytes, saves the first 4 KiB as <c>userdata.tar</c>, then
/// partitions and formats the disk (label <c>boot2podman-data</c>) and uses it from then on.
/// </summary>
internal static class FormatMeDisk
{
    /// <summary>The name (and content) of the first tar member, which the appliance looks for.</summary>
    public const string MagicMember = "boot2podman, please format-me";

    /// <summary>How many bytes the appliance copies out as <c>userdata.tar</c>: the tar must fit.</summary>
    public const int UserDataSize = 4096;

    /// <summary>The smallest data disk we create.</summary>
    public const long MinimumSizeBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Builds the userdata tar: the magic member, <c>.ssh/</c> (0700) and <c>.ssh/authorized_keys</c> (0600).
    /// </summary>
    /// <param name="authorizedKeys">The content of <c>authorized_keys</c>: one or more public key lines.</param>
    /// <returns>The tar bytes, at most <see cref="UserDataSize"/> long, with the end-of-archive blocks.</returns>
    /// <exception cref="ArgumentException">The keys make the tar larger than <see cref="UserDataSize"/>.</exception>
    public static byte[] BuildUserDataTar(string authorizedKeys)
    {
        ArgumentNullException.ThrowIfNull(authorizedKeys);
        if (authorizedKeys.Length > 0 && !authorizedKeys.EndsWith('\n'))
        {
            authorizedKeys += "\n";
        }

        // A fixed time keeps the disk bytes reproducible; 2018-10-28 is boot2podman's first release.
        var time = new DateTimeOffset(2018, 10, 28, 0, 0, 0, TimeSpan.Zero);
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(File(MagicMember, Encoding.ASCII.GetBytes(MagicMember), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, time));
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, ".ssh/")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                ModificationTime = time,
                UserName = "root",
                GroupName = "root",
            });
            writer.WriteEntry(File(".ssh/authorized_keys", Encoding.UTF8.GetBytes(authorizedKeys), UnixFileMode.UserRead | UnixFileMode.UserWrite, time));
        }

        if (buffer.Length > UserDataSize)
        {
            throw new ArgumentException(
                $"The userdata tar would be {buffer.Length} bytes; the appliance reads only the first {UserDataSize}. Use fewer or shorter keys.",
                nameof(authorizedKeys));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Creates a qcow2 data disk of <paramref name="sizeBytes"/> whose first bytes are the userdata tar.
    /// </summary>
    /// <param name="path">The qcow2 file to create; must not exist.</param>
    /// <param name="sizeBytes">The virtual size of the disk, at least <see cref="MinimumSizeBytes"/>.</param>
    /// <param name="authorizedKeys">The public key lines for root's <c>authorized_keys</c>.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="MachineException">qemu-img is missing or failed.</exception>
    public static async Task CreateAsync(string path, long sizeBytes, string authorizedKeys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeBytes, MinimumSizeBytes);
        if (System.IO.File.Exists(path))
        {
            throw new ArgumentException($"The disk image {path} already exists.", nameof(path));
        }

        byte[] tar = BuildUserDataTar(authorizedKeys);
        string raw = path + ".raw";
        try
        {
            // One MiB of raw disk: the tar, then zeros. qemu-img turns it into qcow2 and grows it.
            await using (var stream = new FileStream(raw, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.WriteAsync(tar, cancellationToken).ConfigureAwait(false);
                stream.SetLength(1024 * 1024);
            }

            TimeSpan timeout = TimeSpan.FromMinutes(2);
            await ToolRunner.RunCheckedAsync("qemu-img", ["convert", "-q", "-f", "raw", "-O", "qcow2", raw, path], timeout, cancellationToken).ConfigureAwait(false);
            await ToolRunner.RunCheckedAsync("qemu-img", ["resize", "-q", "-f", "qcow2", path, sizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
        finally
        {
            System.IO.File.Delete(raw);
        }
    }

    private static UstarTarEntry File(string name, byte[] content, UnixFileMode mode, DateTimeOffset time) => new(TarEntryType.RegularFile, name)
    {
        Mode = mode,
        ModificationTime = time,
        UserName = "root",
        GroupName = "root",
        DataStream = new MemoryStream(content, writable: false),
    };
}
