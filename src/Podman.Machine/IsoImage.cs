using System.Buffers.Binary;
using System.Text;

namespace Podman.Machine;

/// <summary>
/// Reads files out of an ISO 9660 image by path, through the primary volume descriptor: enough to take
/// the appliance's kernel, initramfs and boot loader configuration out of the ISO without mounting it.
/// Names compare without case, the <c>;1</c> version and a bare trailing dot (xorriso stores the names as
/// given when Rock Ridge is on; plain ISO 9660 has them in upper case).
/// </summary>
internal sealed class IsoImage : IDisposable
{
    private const int SectorSize = 2048;
    private const int FirstDescriptorSector = 16;
    private const int MaxDescriptors = 64;
    private const int MaxDirectoryBytes = 16 * 1024 * 1024;

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly (long Sector, int Length) _root;

    private IsoImage(FileStream stream, string path, (long, int) root)
    {
        _stream = stream;
        _path = path;
        _root = root;
    }

    /// <summary>Opens the image and finds its root directory.</summary>
    /// <exception cref="InvalidDataException">The file is not an ISO 9660 image.</exception>
    public static IsoImage Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var sector = new byte[SectorSize];
            for (int i = 0; i < MaxDescriptors; i++)
            {
                stream.Position = (FirstDescriptorSector + i) * (long)SectorSize;
                if (stream.ReadAtLeast(sector, SectorSize, throwOnEndOfStream: false) < SectorSize ||
                    !sector.AsSpan(1, 5).SequenceEqual("CD001"u8))
                {
                    break;
                }

                if (sector[0] == 1)   // primary volume descriptor: its root directory record is at offset 156
                {
                    return new IsoImage(stream, path, Extent(sector.AsSpan(156)));
                }

                if (sector[0] == 255)   // set terminator
                {
                    break;
                }
            }

            throw new InvalidDataException($"{path} is not an ISO 9660 image (no primary volume descriptor).");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Copies the file at <paramref name="isoPath"/> (e.g. <c>/boot/vmlinuz</c>) to <paramref name="destination"/>.</summary>
    /// <exception cref="FileNotFoundException">The image has no such file.</exception>
    public async Task ExtractAsync(string isoPath, string destination, CancellationToken cancellationToken)
    {
        (long sector, int length) = Find(isoPath);
        await using FileStream output = File.Create(destination);
        _stream.Position = sector * SectorSize;
        var buffer = new byte[1024 * 1024];
        for (long left = length; left > 0;)
        {
            int read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"{_path} ends inside {isoPath}.");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }
    }

    /// <summary>The text of a (small) file in the image.</summary>
    public string ReadText(string isoPath)
    {
        (long sector, int length) = Find(isoPath);
        return Encoding.UTF8.GetString(Read(sector, length));
    }

    public void Dispose() => _stream.Dispose();

    private (long Sector, int Length) Find(string isoPath)
    {
        (long Sector, int Length) current = _root;
        string[] parts = isoPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            bool last = i == parts.Length - 1;
            current = Lookup(current, parts[i], wantDirectory: !last)
                ?? throw new FileNotFoundException($"{_path} has no {isoPath}.", isoPath);
        }

        return current;
    }

    private (long, int)? Lookup((long Sector, int Length) directory, string name, bool wantDirectory)
    {
        if (directory.Length is <= 0 or > MaxDirectoryBytes)
        {
            throw new InvalidDataException($"{_path} has a directory of {directory.Length} bytes.");
        }

        byte[] data = Read(directory.Sector, directory.Length);
        for (int offset = 0; offset < data.Length;)
        {
            int recordLength = data[offset];
            if (recordLength == 0)
            {
                offset = (offset / SectorSize + 1) * SectorSize;   // records do not cross sectors: next sector
                continue;
            }

            if (recordLength < 34 || offset + recordLength > data.Length)
            {
                throw new InvalidDataException($"{_path} has a bad directory record.");
            }

            ReadOnlySpan<byte> record = data.AsSpan(offset, recordLength);
            int nameLength = record[32];
            if (33 + nameLength <= recordLength)
            {
                bool isDirectory = (record[25] & 0x02) != 0;
                string stored = Encoding.ASCII.GetString(record.Slice(33, nameLength));
                int version = stored.IndexOf(';', StringComparison.Ordinal);
                if (version >= 0)
                {
                    stored = stored[..version];
                }

                if (isDirectory == wantDirectory && string.Equals(stored.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase))
                {
                    return Extent(record);
                }
            }

            offset += recordLength;
        }

        return null;
    }

    // A directory record's extent: the little-endian halves of its both-endian location and length.
    private static (long, int) Extent(ReadOnlySpan<byte> record) =>
        (BinaryPrimitives.ReadUInt32LittleEndian(record[2..]), (int)BinaryPrimitives.ReadUInt32LittleEndian(record[10..]));

    private byte[] Read(long sector, int length)
    {
        var data = new byte[length];
        _stream.Position = sector * SectorSize;
        if (_stream.ReadAtLeast(data, length, throwOnEndOfStream: false) < length)
        {
            throw new InvalidDataException($"{_path} ends inside one of its directories or files.");
        }

        return data;
    }
}
