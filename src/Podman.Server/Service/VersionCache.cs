using System.IO.Hashing;
using System.Text.Json;
using Podman.Varlink;

namespace Podman.Server.Service;

/// <summary>
/// GetVersion's reply kept in a file across boots, valid for one podman build: its key is the XxHash128 of a file
/// that changes with podman (the appliance's package list, with each .deb's sha256). With a valid file the service
/// answers GetVersion without asking libpod's <c>/version</c>, which runs conmon and the OCI runtime (seconds
/// under TCG), so the appliance's readiness check does not wait for it.
/// </summary>
/// <remarks>
/// Nothing here fails a call: a missing, unreadable, corrupt or foreign file reads as no cache (and is replaced
/// once libpod has answered); a failed write is reported through the warning callback and otherwise ignored.
/// The file is written whole to a temporary file beside it and renamed over it, so a reader never sees half.
/// </remarks>
internal sealed class VersionCache
{
    /// <summary>The file's layout version: a file of another layout is not read. Raise it when the layout or the mapping of libpod's reply changes.</summary>
    public const int Format = 1;

    /// <summary>A cache file is a few hundred bytes; anything far larger is not one.</summary>
    private const int MaxBytes = 64 * 1024;

    private readonly Action<string> _warn;

    /// <summary>A cache at <paramref name="path"/> for the podman build named by <paramref name="key"/>.</summary>
    public VersionCache(string path, string key, Action<string>? warn = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Key = key;
        _warn = warn ?? (_ => { });
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The current podman build's key (lowercase hex XxHash128 of the key file).</summary>
    public string Key { get; }

    /// <summary>
    /// The cache at <paramref name="path"/> keyed by the XxHash128 of <paramref name="keyFile"/>'s bytes (a
    /// non-cryptographic hash from System.IO.Hashing: the key tells podman builds apart, it guards against no
    /// one, and SHA-256 would load OpenSSL into a service that otherwise never does, on the boot path); null (with
    /// a warning) when the key file cannot be read: the service then asks libpod as without a cache.
    /// </summary>
    public static VersionCache? Open(string path, string keyFile, Action<string> warn)
    {
        try
        {
            return new VersionCache(path, Convert.ToHexStringLower(XxHash128.Hash(File.ReadAllBytes(keyFile))), warn);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"cannot read the version cache key {keyFile}: {e.Message}; GetVersion asks podman");
            return null;
        }
    }

    /// <summary>The cached reply when the file holds one of this layout for this key; otherwise null.</summary>
    public GetVersionReply? TryRead()
    {
        VersionCacheEntry? entry;
        try
        {
            using var stream = File.OpenRead(Path);
            if (stream.Length > MaxBytes)
            {
                _warn($"the version cache {Path} is {stream.Length} bytes, not a cache file; it will be replaced");
                return null;
            }

            entry = JsonSerializer.Deserialize(stream, VersionCacheJsonContext.Default.VersionCacheEntry);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            _warn($"cannot read the version cache {Path}: {e.Message}; it will be replaced");
            return null;
        }

        if (entry is null || entry.Format != Format || !string.Equals(entry.Key, Key, StringComparison.Ordinal))
        {
            return null;
        }

        return new GetVersionReply
        {
            Version = entry.Version,
            GoVersion = entry.GoVersion,
            GitCommit = entry.GitCommit,
            Built = entry.Built,
            OsArch = entry.OsArch,
            RemoteApiVersion = entry.RemoteApiVersion,
        };
    }

    /// <summary>Replaces the file with <paramref name="reply"/> under the current key (creating its directory); never throws for I/O.</summary>
    public void Write(GetVersionReply reply)
    {
        var entry = new VersionCacheEntry(Format, Key, reply.Version, reply.GoVersion, reply.GitCommit, reply.Built, reply.OsArch, reply.RemoteApiVersion);
        var temp = Path + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, entry, VersionCacheJsonContext.Default.VersionCacheEntry);
            }

            File.Move(temp, Path, overwrite: true);   // rename(2): the old file or the new one, never a mix
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _warn($"cannot write the version cache {Path}: {e.Message}");
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
