using System.Globalization;
using Podman.Varlink;

namespace Podman.Server.Service;

/// <summary>
/// The files io.podman hands between its client and podman, where 1.9.3 put them: the server's temp
/// directory (<c>$TMPDIR</c>, else <c>/tmp</c>) with Go's <c>ioutil.TempFile</c> names —
/// <c>varlink_send</c> + digits for what SendFile receives and ImageSave writes, <c>varlink_recv</c> +
/// digits for ExportContainer's tar.
/// </summary>
/// <remarks>
/// ReceiveFile sends only such files (1.9 sent any file root could read): a regular file, not a
/// link, directly in the temp directory, named <c>varlink_…</c>. The rule needs no memory of what was
/// issued, so it holds across restarts of the service.
/// </remarks>
internal static class TransferFiles
{
    public const string SendPrefix = "varlink_send";
    public const string ReceivePrefix = "varlink_recv";

    /// <summary>The directory of the transfer files.</summary>
    public static string Directory => Path.TrimEndingDirectorySeparator(Path.GetTempPath());

    /// <summary>Creates a new file named <paramref name="prefix"/> + digits (never an existing one) for writing.</summary>
    public static FileStream Create(string prefix)
    {
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(Directory, prefix + Random.Shared.NextInt64(1_000_000_000, 4_294_967_295).ToString(CultureInfo.InvariantCulture));
            try
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.Read,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    Options = FileOptions.Asynchronous,
                });
            }
            catch (IOException) when (File.Exists(path) && attempt < 100)
            {
                // Taken: draw another name.
            }
        }
    }

    /// <summary>Deletes <paramref name="path"/> when it is there; never fails.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file the service cannot delete is not the caller's failure.
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> names a transfer file ReceiveFile may send; ErrorOccurred
    /// naming the parameter otherwise.
    /// </summary>
    public static void EnsureSendable(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ErrorOccurredException("path: a file path is needed");
        }

        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        if (Path.GetDirectoryName(full) != Directory || !name.StartsWith("varlink_", StringComparison.Ordinal))
        {
            throw new ErrorOccurredException($"path: {path} is not a file this service handed out; ReceiveFile sends only its own transfer files ({Directory}/varlink_…, from SendFile, ImageSave or ExportContainer)");
        }

        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new ErrorOccurredException($"open {path}: no such file or directory");
        }

        if (info.LinkTarget is not null)
        {
            throw new ErrorOccurredException($"path: {path} is a symbolic link, not a transfer file");
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> (parameter <paramref name="parameter"/>) is a file a method
    /// that takes a SendFile handle can read: ErrorOccurred naming the parameter otherwise.
    /// </summary>
    public static void EnsureReadable(string path, string parameter)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ErrorOccurredException($"{parameter}: a file path (SendFile's file_handle) is needed");
        }

        if (!File.Exists(path))
        {
            throw new ErrorOccurredException($"{parameter}: open {path}: no such file or directory");
        }
    }
}
