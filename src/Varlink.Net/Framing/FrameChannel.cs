using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;

namespace Varlink;

/// <summary>
/// The byte level of one varlink connection over a duplex stream: a <see cref="PipeReader"/> for the
/// incoming bytes, and an outgoing <see cref="Pipe"/> that a pump copies to the stream. Writers put
/// whole frames into the pipe under their own lock; the pump sends whatever has queued up in one go,
/// so frames written while a send is in progress are batched into the next one.
/// </summary>
/// <remarks>
/// A socket (a <see cref="NetworkStream"/>: unix or tcp) is driven directly when
/// <c>dedicatedReceiveThread</c> is set: see <c>FrameChannel.Socket.cs</c>. Other streams (SSH
/// channels, process pipes, in-memory pairs) go through their async <see cref="Stream"/> methods.
/// </remarks>
internal sealed partial class FrameChannel
{
    // The pump runs inline: a flush that finds the pump idle sends on the flushing thread (no thread
    // hop per message); while a send is in progress, later frames queue up and go out together.
    private static readonly PipeOptions OutputOptions = new(
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1024 * 1024,
        resumeWriterThreshold: 512 * 1024,
        minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

    private readonly Stream _stream;
    private readonly Pipe _output = new(OutputOptions);
    private readonly Utf8JsonWriter _json;
    private readonly Task _pump;
    private int _closed;

    // Whether sends are reported to VarlinkTelemetry.BytesSent (a client connection's are).
    private readonly bool _countSent;

    public FrameChannel(Stream stream, ProtocolLimits limits, bool dedicatedReceiveThread = false, bool countSent = false)
    {
        _stream = stream;
        _countSent = countSent;
        Limits = limits;
        if (dedicatedReceiveThread && stream is NetworkStream { Socket: { } socket })
        {
            _socket = socket;
            Input = StartReceiveThread(socket, limits);
        }
        else
        {
            Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReceiveSegmentSize, minimumReadSize: 4096, leaveOpen: true));
        }

        _json = new Utf8JsonWriter(_output.Writer, new JsonWriterOptions { SkipValidation = true });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The limits the read loop enforces.</summary>
    public ProtocolLimits Limits { get; }

    /// <summary>Incoming bytes.</summary>
    public PipeReader Input { get; }

    /// <summary>Completes when the pump has stopped (the output was completed or a send failed).</summary>
    public Task PumpCompletion => _pump;

    /// <summary>Bytes written into frames but not yet handed to the pump.</summary>
    public long UnflushedBytes => _output.Writer.UnflushedBytes;

    /// <summary>Starts a frame: the JSON writer, reset onto the output pipe. One writer at a time.</summary>
    public Utf8JsonWriter BeginFrame()
    {
        _json.Reset(_output.Writer);
        return _json;
    }

    /// <summary>Ends the frame begun by <see cref="BeginFrame"/> with its NUL. Nothing is sent until <see cref="FlushAsync"/>.</summary>
    public void EndFrame()
    {
        _json.Flush();
        var span = _output.Writer.GetSpan(1);
        span[0] = 0;
        _output.Writer.Advance(1);
    }

    /// <summary>Hands the frames written so far to the pump; waits only when too much is unsent.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        FlushResult result;
        try
        {
            result = await _output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VarlinkConnectionException("Sending on the varlink connection failed.", e);
        }

        if (result.IsCompleted)
        {
            throw new VarlinkConnectionException("The varlink connection is closed.");
        }
    }

    /// <summary>
    /// Stops the pump after everything written has been sent and gives back the raw stream: reads
    /// continue from <see cref="Input"/> (so bytes already buffered are not lost), writes go to the stream.
    /// </summary>
    public async Task<Stream> DetachAsync()
    {
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        Interlocked.Exchange(ref _closed, 1);
        return new DuplexStream(Input.AsStream(), _stream);
    }

    /// <summary>Closes the connection: stops the pump and disposes the stream. Idempotent.</summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            // Let what was already queued go out, briefly; the peer may have gone.
            await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The pump's failure is the connection's failure, already reported; closing goes on.
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        ShutdownSocket();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection at once, dropping unsent output. Idempotent.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _output.Reader.CancelPendingRead();
        _output.Writer.Complete();
        Input.CancelPendingRead();
        ShutdownSocket();
        _stream.Dispose();
    }

    private async Task PumpAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    break;
                }

                if (_socket is not null)
                {
                    Send(_socket, buffer);
                }
                else if (!buffer.IsEmpty)
                {
                    foreach (var segment in buffer)
                    {
                        await _stream.WriteAsync(segment).ConfigureAwait(false);
                    }

                    await _stream.FlushAsync().ConfigureAwait(false);
                }

                if (_countSent && !buffer.IsEmpty)
                {
                    VarlinkTelemetry.BytesSent.Add(buffer.Length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await reader.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }
}
