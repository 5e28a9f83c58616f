using System.Buffers.Binary;

namespace Podman.Server.Service;

/// <summary>
/// The terminal size a tty exec starts with. Clients send their size as the first frame after the
/// upgrade reply (podman-remote 1.x and Podman.Client both do), but the exec's process may already have
/// read its size by the time a resize after the start arrives (<c>stty size</c> printed <c>0 0</c>). So
/// the service reads the first frame before it starts the exec, for a short while at most, and libpod
/// starts the session at that size (its exec start takes <c>h</c> and <c>w</c>).
/// </summary>
/// <remarks>
/// A first frame that is not a resize (stdin, a hang-up) is handed on untouched: the returned stream
/// reads it again. A client that sends nothing within the wait costs the wait, once, and nothing is lost:
/// the read still pending then is the returned stream's first read. The read is never cancelled by the
/// wait, as a cancelled read can leave a stream unusable.
/// </remarks>
internal static class InitialTerminalSize
{
    /// <summary>How long a tty exec waits for the client's first frame before starting without a size.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Reads the client's first frame when it comes within <paramref name="wait"/>: its size when it is
    /// a resize frame, and the stream to go on reading the client from.
    /// </summary>
    public static async Task<((int Width, int Height)? Size, Stream Client)> TakeAsync(Stream client, TimeSpan wait, CancellationToken cancellationToken)
    {
        var header = new byte[SessionFrames.HeaderLength];
        var headerRead = ReadUpToAsync(client, header, cancellationToken);
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var elapsed = Task.Delay(wait, timer.Token);
            if (await Task.WhenAny(headerRead, elapsed).ConfigureAwait(false) != headerRead)
            {
                return (null, new PrefixedStream(client, PrefixAfter(headerRead, header)));
            }

            await timer.CancelAsync().ConfigureAwait(false);
        }

        int filled = await headerRead.ConfigureAwait(false);
        uint length = filled == header.Length ? BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) : 0;
        if (filled < header.Length || header[0] != SessionFrames.Resize || length > SessionFrames.MaxResizeFrame)
        {
            // Not a resize (or the client went): the bridge reads it, and decides, as for any frame.
            return (null, new PrefixedStream(client, Task.FromResult(new ReadOnlyMemory<byte>(header, 0, filled))));
        }

        var payload = new byte[length];
        int got = await ReadUpToAsync(client, payload, cancellationToken).ConfigureAwait(false);
        if (got < payload.Length)
        {
            // The client went mid-frame: the bridge sees the end of its stream.
            return (null, client);
        }

        // An unreadable size is skipped, as the bridge skips one.
        return (SessionBridge.TryReadSize(payload, out int width, out int height) ? (width, height) : null, client);
    }

    private static async Task<ReadOnlyMemory<byte>> PrefixAfter(Task<int> read, byte[] buffer)
        => new ReadOnlyMemory<byte>(buffer, 0, await read.ConfigureAwait(false));

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; how much was read.</summary>
    private static async Task<int> ReadUpToAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A broken connection reads as its end.
        }

        return filled;
    }
}

/// <summary>
/// Reads the bytes of <c>prefix</c> (once its task completes) and then those of the inner stream;
/// writes go to the inner stream. Disposing it leaves the inner stream to its owner.
/// </summary>
internal sealed class PrefixedStream(Stream inner, Task<ReadOnlyMemory<byte>> prefix) : Stream
{
    private ReadOnlyMemory<byte> _left;
    private bool _prefixTaken;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_prefixTaken)
        {
            _left = await prefix.WaitAsync(cancellationToken).ConfigureAwait(false);
            _prefixTaken = true;
        }

        if (!_left.IsEmpty)
        {
            int n = Math.Min(buffer.Length, _left.Length);
            _left[..n].CopyTo(buffer);
            _left = _left[n..];
            return n;
        }

        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
        => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
