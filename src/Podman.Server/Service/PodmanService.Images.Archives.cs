using System.Formats.Tar;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// The image methods that move archives: LoadImage and ImportImage read a SendFile handle (or any file
/// in the VM), ImageSave writes a transfer file for ReceiveFile, ExportImage writes to a transport
/// destination in the VM. Archives stream between the file and libpod.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>
    /// Loads the archive <paramref name="inputFile"/>; the reply's <c>id</c> is the names loaded, joined
    /// with ", ". 1.9's Go handler had the two flags swapped; the wire names are followed here: the file
    /// is deleted when <paramref name="deleteFile"/>, whatever the outcome. With a <paramref name="name"/>,
    /// the loaded image is tagged with it too (the REST call has no name).
    /// </summary>
    protected override async ValueTask LoadImageAsync(string name, string inputFile, bool quiet, bool deleteFile, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            TransferFiles.EnsureReadable(inputFile, "inputFile");
            List<string> names;
            await using (var archive = OpenArchive(inputFile))
            {
                names = await _libpod.LoadImageAsync(archive, cancellationToken).ConfigureAwait(false);
            }

            if (!string.IsNullOrEmpty(name) && names.Count > 0)
            {
                var (repo, tag) = SplitReference(name, "name");
                await _libpod.TagAsync(names[0], repo, tag, cancellationToken).ConfigureAwait(false);
            }

            await replies.WriteAsync(new MoreResponse { Logs = [], Id = string.Join(", ", names) }, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
        finally
        {
            if (deleteFile && !string.IsNullOrEmpty(inputFile))
            {
                TransferFiles.TryDelete(inputFile);
            }
        }
    }

    /// <summary>
    /// Imports a root filesystem tar from the file <paramref name="source"/> (SendFile's handle) or from
    /// an http(s) URL, with <paramref name="message"/> as the history comment and the Dockerfile-style
    /// <paramref name="changes"/>: the new image's ID (no <c>sha256:</c>). The file is deleted when
    /// <paramref name="delete"/>, whatever the outcome.
    /// </summary>
    protected override async ValueTask<string> ImportImageAsync(string source, string reference, string message, IReadOnlyList<string> changes, bool delete, VarlinkCall call, CancellationToken cancellationToken)
    {
        var isUrl = source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);
        try
        {
            string id;
            if (isUrl)
            {
                id = await _libpod.ImportImageAsync(null, source, reference ?? "", message ?? "", changes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                TransferFiles.EnsureReadable(source, "source");
                await using var rootfs = OpenArchive(source);
                id = await _libpod.ImportImageAsync(rootfs, null, reference ?? "", message ?? "", changes, cancellationToken).ConfigureAwait(false);
            }

            return id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
        finally
        {
            if (delete && !isUrl && !string.IsNullOrEmpty(source))
            {
                TransferFiles.TryDelete(source);
            }
        }
    }

    /// <summary>
    /// Saves the image <c>name</c> (with <c>moreTags</c>, in <c>format</c>: docker-archive when empty,
    /// oci-archive, oci-dir, docker-dir; a tar in every case) to a new <c>/tmp/varlink_send…</c> file:
    /// the final reply's <c>id</c> is its path, for ReceiveFile. <c>output</c> is the client's path and not used here.
    /// </summary>
    protected override async ValueTask ImageSaveAsync(ImageSaveOptions options, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        string? path = null;
        try
        {
            var format = SaveFormat(options.Format, "format");
            await InspectImageOrNotFoundAsync(options.Name, cancellationToken).ConfigureAwait(false);
            var file = TransferFiles.Create(TransferFiles.SendPrefix);
            path = file.Name;
            await using (file.ConfigureAwait(false))
            {
                await _libpod.SaveImagesAsync([options.Name, .. options.MoreTags ?? []], format, options.Compress, file, cancellationToken).ConfigureAwait(false);
            }

            await replies.WriteAsync(new MoreResponse { Logs = [], Id = path }, last: true, cancellationToken).ConfigureAwait(false);
            path = null;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
        finally
        {
            if (path is not null)
            {
                TransferFiles.TryDelete(path);
            }
        }
    }

    /// <summary>
    /// Writes the image <paramref name="name"/> to <paramref name="destination"/>, a transport reference
    /// in the VM: <c>docker-archive:PATH</c> (with <paramref name="tags"/> as extra names), <c>oci-archive:PATH</c>,
    /// <c>dir:PATH</c> / <c>oci:PATH</c> (a directory), or <c>docker://REF</c> (a push): the image's ID.
    /// </summary>
    protected override async ValueTask<string> ExportImageAsync(string name, string destination, bool compress, IReadOnlyList<string> tags, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var colon = (destination ?? "").IndexOf(':', StringComparison.Ordinal);
            var transport = colon > 0 ? destination![..colon] : "";
            var target = colon > 0 ? destination![(colon + 1)..] : "";
            if (transport == "docker")
            {
                var reference = target.TrimStart('/');
                var tlsVerify = await TlsVerifyForAsync(reference, cancellationToken).ConfigureAwait(false);
                await foreach (var line in _libpod.PushImageAsync(name, reference, null, false, tlsVerify, null, cancellationToken).ConfigureAwait(false))
                {
                    if (line.Error.Length > 0)
                    {
                        throw new ErrorOccurredException($"unable to push {name} to {reference}: {line.Error}");
                    }
                }

                return inspect.Id;
            }

            var format = transport switch
            {
                "docker-archive" => "docker-archive",
                "oci-archive" => "oci-archive",
                "dir" => "docker-dir",
                "oci" => "oci-dir",
                _ => throw new ErrorOccurredException($"destination: \"{destination}\" is not a transport reference (docker-archive:PATH, oci-archive:PATH, dir:PATH, oci:PATH or docker://REFERENCE)"),
            };
            if (target.Length == 0)
            {
                throw new ErrorOccurredException($"destination: \"{destination}\" has no path");
            }

            var references = format == "docker-archive" ? [name, .. tags ?? []] : new List<string> { name };
            if (format.EndsWith("-dir", StringComparison.Ordinal))
            {
                await ExportToDirectoryAsync(references, format, compress, target, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
                await _libpod.SaveImagesAsync(references, format, compress, file, cancellationToken).ConfigureAwait(false);
            }

            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>libpod sends a directory format as a tar of the directory: it is unpacked into <paramref name="directory"/> through a transfer file.</summary>
    private async Task ExportToDirectoryAsync(List<string> references, string format, bool compress, string directory, CancellationToken cancellationToken)
    {
        var file = TransferFiles.Create(TransferFiles.SendPrefix);
        var path = file.Name;
        try
        {
            await using (file.ConfigureAwait(false))
            {
                await _libpod.SaveImagesAsync(references, format, compress, file, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                Directory.CreateDirectory(directory);
                await TarFile.ExtractToDirectoryAsync(file, directory, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            TransferFiles.TryDelete(path);
        }
    }

    private static string SaveFormat(string? format, string parameter) => format switch
    {
        "" or null => "docker-archive",
        "docker-archive" or "oci-archive" or "oci-dir" or "docker-dir" => format,
        _ => throw new ErrorOccurredException($"{parameter}: unknown format \"{format}\" (docker-archive, oci-archive, oci-dir or docker-dir)"),
    };

    private static FileStream OpenArchive(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
