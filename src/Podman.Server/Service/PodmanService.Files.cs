using System.Buffers;
using System.Text;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// SendFile and ReceiveFile, the two file-transfer upgrade methods, byte for byte as 1.9.3: the reply,
/// then raw bytes on the same connection. Files stream through a small buffer, so the size of a file
/// does not show in the service's memory.
/// </summary>
/// <remarks>
/// SendFile: reply <c>{"file_handle": path}</c>, read exactly <c>length</c> bytes into the new
/// <c>/tmp/varlink_send…</c> file, then write the ACK <c>path:</c> (no NUL). If the client's bytes
/// end first, or none come for <see cref="TransferIdleTimeout"/>, the file is deleted and the
/// connection closes without the ACK: the client's error. Bytes after the declared length are not
/// read (1.9 read them as the next varlink message); the connection closes after the ACK.
/// ReceiveFile: reply <c>{"len": size}</c>, then exactly that many bytes, then delete when asked.
/// </remarks>
internal sealed partial class PodmanService
{
    /// <summary>How long a transfer may go without a byte before the service gives up on it.</summary>
    internal static TimeSpan TransferIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    private const int TransferBufferSize = 64 * 1024;

    protected override async ValueTask SendFileAsync(string type, long length, VarlinkCall call, CancellationToken cancellationToken)
    {
        if (!call.WantsUpgrade)
        {
            throw new ErrorOccurredException("client must use upgraded connection to send files");
        }

        if (length < 0)
        {
            throw new ErrorOccurredException($"length: {length} is not the length of a file");
        }

        var file = TransferFiles.Create(TransferFiles.SendPrefix);
        var path = file.Name;
        var kept = false;
        try
        {
            Stream connection;
            await using (file.ConfigureAwait(false))
            {
                connection = await ConfirmSendFileUpgradeAsync(call, path, cancellationToken).ConfigureAwait(false);
                if (!await CopyExactlyAsync(connection, file, length, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            kept = true;
            await connection.WriteAsync(Encoding.UTF8.GetBytes(path + ":"), cancellationToken).ConfigureAwait(false);
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away mid-transfer (or after its bytes, before the ACK): nothing to answer.
            // A file whose bytes all arrived stays; the client had no ACK and will not use it, but
            // 1.9 kept it too and removing it here could race with a client that already did.
        }
        finally
        {
            if (!kept)
            {
                TransferFiles.TryDelete(path);
            }
        }
    }

    protected override async ValueTask ReceiveFileAsync(string path, bool delete, VarlinkCall call, CancellationToken cancellationToken)
    {
        if (!call.WantsUpgrade)
        {
            throw new ErrorOccurredException("client must use upgraded connection to send files");
        }

        TransferFiles.EnsureSendable(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, TransferBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ErrorOccurredException(e.Message);
        }

        var sent = false;
        await using (file.ConfigureAwait(false))
        {
            var length = file.Length;
            var connection = await ConfirmReceiveFileUpgradeAsync(call, length, cancellationToken).ConfigureAwait(false);
            try
            {
                sent = await CopyExactlyAsync(file, connection, length, cancellationToken).ConfigureAwait(false);
                await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away: the file stays, as it was not delivered.
                sent = false;
            }
        }

        if (sent && delete)
        {
            TransferFiles.TryDelete(path);
        }
    }

    /// <summary>
    /// Copies exactly <paramref name="length"/> bytes through one pooled buffer: false when
    /// <paramref name="from"/> ends first or stays silent for <see cref="TransferIdleTimeout"/>.
    /// </summary>
    private static async Task<bool> CopyExactlyAsync(Stream from, Stream to, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TransferBufferSize);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var left = length; left > 0;)
            {
                idle.CancelAfter(TransferIdleTimeout);
                int read;
                try
                {
                    read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(TransferBufferSize, left)), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (read == 0)
                {
                    return false;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
