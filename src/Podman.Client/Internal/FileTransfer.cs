using System.Text;

namespace Podman.Client;

/// <summary>
/// io.podman's two file-transfer upgrades as 1.9.3 spoke them. SendFile: the reply carries the new file's path
/// (<c>file_handle</c>), the client writes exactly <c>length</c> raw bytes, and the service acknowledges with the
/// path followed by <c>:</c> once the file is complete; only then may the handle be given to BuildImage,
/// ImportImage or LoadImage. ReceiveFile: the reply carries the length, then that many raw bytes follow.
/// </summary>
internal static class FileTransfer
{
    private const int BufferSize = 81920;

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="content"/>; the path on podman's host, once acknowledged.</summary>
    public static async Task<string> SendAsync(PodmanInvoker invoker, Stream content, long length, string type, CancellationToken cancellationToken)
    {
        var upgrade = await invoker.CallAsync("SendFile", null, (p, t) => p.SendFileAsync(type, length, t), cancellationToken).ConfigureAwait(false);
        await using (upgrade.ConfigureAwait(false))
        {
            var handle = upgrade.Reply.FileHandle;
            if (string.IsNullOrEmpty(handle))
            {
                throw new PodmanConnectionException("SendFile: io.podman answered with an empty file_handle.");
            }

            await TransferAsync("SendFile", content, upgrade.Stream, length, cancellationToken).ConfigureAwait(false);
            var acknowledged = await ReadAcknowledgementAsync(upgrade.Stream, handle.Length, cancellationToken).ConfigureAwait(false);
            if (acknowledged != handle)
            {
                throw new PodmanConnectionException($"SendFile: io.podman acknowledged \"{acknowledged}\", not the file_handle \"{handle}\" it answered with.");
            }

            return handle;
        }
    }

    /// <summary>
    /// Sends what is left of <paramref name="content"/>: its length when it can seek, otherwise it is first copied to
    /// a temporary file here (SendFile needs the length up front).
    /// </summary>
    public static async Task<string> SendAsync(PodmanInvoker invoker, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek)
        {
            return await SendAsync(invoker, content, content.Length - content.Position, "", cancellationToken).ConfigureAwait(false);
        }

        var buffer = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await using (buffer.ConfigureAwait(false))
        {
            await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            return await SendAsync(invoker, buffer, buffer.Length, "", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies the file <paramref name="path"/> of podman's host into <paramref name="destination"/>; its length.</summary>
    public static async Task<long> ReceiveAsync(PodmanInvoker invoker, string path, Stream destination, bool delete, CancellationToken cancellationToken)
    {
        var upgrade = await invoker.CallAsync("ReceiveFile", path, (p, t) => p.ReceiveFileAsync(path, delete, t), cancellationToken).ConfigureAwait(false);
        await using (upgrade.ConfigureAwait(false))
        {
            await TransferAsync("ReceiveFile", upgrade.Stream, destination, upgrade.Reply.Len, cancellationToken).ConfigureAwait(false);
            return upgrade.Reply.Len;
        }
    }

    /// <summary>The service's ACK: the text up to the first <c>:</c> (at most <paramref name="expectedLength"/> characters before it).</summary>
    private static async Task<string> ReadAcknowledgementAsync(Stream stream, int expectedLength, CancellationToken cancellationToken)
    {
        var received = new List<byte>(expectedLength + 1);
        var one = new byte[1];
        try
        {
            // Byte by byte: nothing after the ':' belongs to this transfer, and the ACK is a path long.
            while (received.Count <= expectedLength)
            {
                if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new PodmanConnectionException(
                        $"SendFile: io.podman closed the connection without acknowledging the file ({received.Count} bytes of its answer): it did not keep the file.");
                }

                if (one[0] == (byte)':')
                {
                    return Encoding.UTF8.GetString([.. received]);
                }

                received.Add(one[0]);
            }
        }
        catch (IOException e)
        {
            throw new PodmanConnectionException($"SendFile: the connection broke before io.podman acknowledged the file: {e.Message}", e);
        }

        throw new PodmanConnectionException($"SendFile: io.podman's acknowledgement \"{Encoding.UTF8.GetString([.. received])}…\" is longer than the file_handle it answered with.");
    }

    private static async Task TransferAsync(string method, Stream from, Stream to, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var left = length;
        try
        {
            while (left > 0)
            {
                var n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new PodmanConnectionException($"{method}: the file transfer ended {left} bytes short of {length}.");
                }

                await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                left -= n;
            }

            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new PodmanConnectionException($"{method}: the file transfer broke with {left} of {length} bytes left: {e.Message}", e);
        }
    }
}
