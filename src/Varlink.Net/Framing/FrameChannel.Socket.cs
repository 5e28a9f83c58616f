using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Varlink;

/// <summary>
/// Socket mode: the receive side of the connection runs on its own thread, blocked in
/// <c>recv</c>, and hands each read to the frame loop through a pipe whose reader runs inline.
/// </summary>
/// <remarks>
/// <para>
/// Why: an awaited socket read on Linux completes on the runtime's epoll thread and is then posted to
/// the thread pool — two thread wake-ups before any code of ours runs, and on a small VM a wake-up
/// costs as much as the rest of a call. A thread blocked in <c>recv</c> is woken by the kernel itself,
/// once, and runs the frame loop (and on a server, a synchronous handler and its reply) right there:
/// the same wake-ups per round trip as a C program with blocking sockets.
/// </para>
/// <para>
/// Sends are synchronous on the sending thread (the socket stays in blocking mode, which the
/// receive thread needs). They return at once while the socket buffer has room, which is the usual
/// case; a large message to a slow peer waits until the peer reads. The receive thread of a client
/// never sends (replies complete calls asynchronously), so two peers can never both wait in a send.
/// </para>
/// <para>
/// The cost is one thread per connection: right for varlink's few long-lived connections. A server
/// with thousands of connections turns it off with <see cref="VarlinkServerOptions.ThreadPerConnection"/>.
/// </para>
/// </remarks>
internal sealed partial class FrameChannel
{
    // Receive into 64 KiB segments: a 1 MiB message takes 16 reads, small messages share a segment.
    private const int ReceiveSegmentSize = 64 * 1024;

    // Segments per sendmsg: well under the kernel's IOV_MAX (1024); a 16 MiB message takes a few calls.
    private const int MaxGather = 256;

    private readonly Socket? _socket;
    private List<ArraySegment<byte>>? _gather;

    private static PipeReader StartReceiveThread(Socket socket, ProtocolLimits limits)
    {
        // The pipe holds at most one whole message plus a read: the frame loop needs a whole message
        // before it can take it, and the limit check stops a larger one before this pauses.
        long pause = (long)limits.MaxMessageSize + 1 + (2 * ReceiveSegmentSize);
        var pipe = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            minimumSegmentSize: ReceiveSegmentSize,
            useSynchronizationContext: false));
        var thread = new Thread(static state => ReceiveLoop((ReceiveState)state!))
        {
            IsBackground = true,
            Name = "varlink receive",
        };
        thread.UnsafeStart(new ReceiveState(socket, pipe.Writer));
        return pipe.Reader;
    }

    private static void ReceiveLoop(ReceiveState state)
    {
        var (socket, writer) = state;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(4096);
                int received = socket.Receive(memory.Span, SocketFlags.None);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);

                // The frame loop runs inside this flush (inline reader). When it has more than a
                // message unread the flush waits: then this thread blocks, and so does the peer.
                var flush = writer.FlushAsync();
                var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A connection reset is the peer's way of closing; anything else is a failure to report,
            // unless the socket was closed on purpose (then the reader is already completed).
            failure = e is SocketException { SocketErrorCode: SocketError.ConnectionReset } ? null : e;
        }
        catch (Exception e)
        {
            failure = e;
        }

        writer.Complete(failure);
    }

    /// <summary>Sends the whole buffer: one <c>send</c> for one segment, one <c>sendmsg</c> gathering several.</summary>
    private void Send(Socket socket, ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            var span = buffer.FirstSpan;
            while (!span.IsEmpty)
            {
                span = span[socket.Send(span, SocketFlags.None)..];
            }

            return;
        }

        var gather = _gather ??= new List<ArraySegment<byte>>();
        while (!buffer.IsEmpty)
        {
            gather.Clear();
            foreach (var segment in buffer)
            {
                if (!MemoryMarshal.TryGetArray(segment, out var array))
                {
                    array = segment.ToArray();
                }

                gather.Add(array);
                if (gather.Count == MaxGather)
                {
                    break;
                }
            }

            buffer = buffer.Slice(socket.Send(gather, SocketFlags.None));
        }

        gather.Clear();
    }

    /// <summary>The stream's socket, whether or not it has a receive thread; null for other streams.</summary>
    private Socket? AnySocket => _socket ?? (_stream as NetworkStream)?.Socket;

    /// <summary>
    /// Whether <see cref="PeerHasClosed"/> can tell a peer's full close from a half-close (end of input
    /// only): on a unix socket it can; on tcp both look alike until something is sent.
    /// </summary>
    public bool CanTellPeerClosed => AnySocket is { AddressFamily: AddressFamily.Unix };

    /// <summary>
    /// Asks the kernel whether the peer has closed its end entirely (not only its sending side). On a
    /// unix stream socket the peer's close marks this end shut for sending too, so an empty send fails
    /// (EPIPE) after a full close and succeeds, sending nothing, after a half-close.
    /// </summary>
    public bool PeerHasClosed()
    {
        if (AnySocket is not { } socket)
        {
            return false;
        }

        try
        {
            socket.Send(ReadOnlySpan<byte>.Empty, SocketFlags.None);
            return false;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private void ShutdownSocket()
    {
        // A thread blocked in recv is woken by shutdown, not by close.
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed or never connected: nothing to wake.
        }
    }

    private sealed record ReceiveState(Socket Socket, PipeWriter Writer);
}
