using System.Buffers;
using System.IO.Pipelines;

namespace Varlink;

/// <summary>
/// One accepted connection: reads calls one at a time, in order, and answers each before reading the
/// next (pipelined calls wait in the socket buffer). Malformed input closes only this connection.
/// </summary>
/// <remarks>
/// <para>
/// While a handler waits for something, the read loop reads on — without taking the next call — so
/// that it notices the end of the client's input or the connection failing.
/// </para>
/// <para>
/// The end of input is not the client's departure: a client may half-close (<c>shutdown(SHUT_WR)</c>
/// after sending its calls, as <c>printf … | varlink bridge</c> does) and wait for the replies. So
/// calls already read run to completion and are answered, and then the connection closes. The token
/// handlers were given (<see cref="_ended"/>) fires when the client has really gone: a send fails, or
/// — on a unix socket, polled every <see cref="PeerProbeInterval"/> once the input has ended — the
/// kernel reports the peer's full close. A <c>more</c> call running when the input ends is told at once,
/// on every transport: bridges half-close their socket when their own client leaves (and on tcp, SSH
/// channels and pipes a full close looks the same as a half-close until something is sent), so a stream
/// would otherwise have no end. Single calls complete.
/// </para>
/// <para>
/// Split by concern: the read loop here, dispatch in <c>ServerConnection.Dispatch.cs</c>, replies in
/// <c>ServerConnection.Write.cs</c>.
/// </para>
/// </remarks>
internal sealed partial class ServerConnection
{
    // While a handler waits, at most this many bytes of later calls are read ahead (watching for the
    // end of input); beyond it the loop stops reading until the handler is done.
    private const int WatchAheadBytes = 64 * 1024;

    private readonly VarlinkServer _server;
    private readonly FrameChannel _channel;
    private readonly CancellationToken _stopReading;
    private readonly CancellationToken _abort;

    // Fires when the connection ends: the client closed (or half-closed) it, it failed, or the
    // server aborted. Given to the handler of every call except oneway calls (see CallToken).
    private readonly CancellationTokenSource _ended;

    // How often, once the input has ended, a unix socket is asked whether its peer has fully closed.
    private static readonly TimeSpan PeerProbeInterval = TimeSpan.FromMilliseconds(200);

    // Set when the input ended: a failure to send after that is the client's departure, not a fault
    // to report.
    private bool _inputEnded;
    private int _probing;
    private bool _detached;
    private Stream? _upgraded;

    public ServerConnection(VarlinkServer server, Stream stream, ProtocolLimits limits, CancellationToken stopReading, CancellationToken abort)
    {
        _server = server;
        _channel = new FrameChannel(stream, limits, server.Options.ThreadPerConnection);
        _stopReading = stopReading;
        _abort = abort;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(abort);

        // A send that fails means the client has gone (or the connection broke): tell the handlers.
        _ = _channel.PumpCompletion.ContinueWith(
            static (_, state) => ((ServerConnection)state!).SignalEnded(),
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Serves the connection until the client closes it, it fails, or the server stops.</summary>
    public async Task RunAsync()
    {
        Exception? failure = null;
        try
        {
            using var stop = _stopReading.Register(static state => ((FrameChannel)state!).Input.CancelPendingRead(), _channel);
            using var abort = _abort.Register(static state => ((FrameChannel)state!).Abort(), _channel);
            failure = await ReadCallsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (_abort.IsCancellationRequested || (_inputEnded && e is VarlinkConnectionException or OperationCanceledException))
        {
            _ = e;
        }
        catch (Exception e)
        {
            failure = e;
        }

        await EndAsync().ConfigureAwait(false);
        _ended.Dispose();
        if (_detached)
        {
            // An upgraded connection belongs to its handler until the handler returns.
            if (_upgraded is not null)
            {
                await _upgraded.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is not null)
            {
                _server.ReportFailure(failure);
            }

            return;
        }

        if (failure is not null)
        {
            _server.ReportFailure(failure);
            _channel.Abort();
        }
        else
        {
            await _channel.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The token a call's handler gets: oneway calls run on when the client leaves (it expects no reply).</summary>
    private CancellationToken CallToken(CallFlags flags) => (flags & CallFlags.Oneway) != 0 ? _abort : _ended.Token;

    /// <summary>Tells the handlers still running that the connection has ended; their callbacks run on the thread pool.</summary>
    private Task EndAsync() => _ended.IsCancellationRequested ? Task.CompletedTask : _ended.CancelAsync();

    /// <summary><see cref="EndAsync"/> from outside the read loop, which may have finished (and disposed the source).</summary>
    private void SignalEnded()
    {
        try
        {
            _ = EndAsync();
        }
        catch (ObjectDisposedException)
        {
            // The connection is over: the token fired when it ended.
        }
    }

    /// <summary>
    /// The client's input has ended while <paramref name="flags"/>' call runs: calls already read go on
    /// (see remarks). A streamed call is ended now; for single calls, where the peer's full close can be
    /// seen, watch for it.
    /// </summary>
    private Task InputEndedAsync(CallFlags flags)
    {
        _inputEnded = true;
        _server.InputEnded?.Invoke();

        // A streamed call ends with its client's input on every transport: a bridge (ours, libvarlink's)
        // half-closes its socket when its own client (an SSH channel, say) leaves, so a stream that
        // outlived the input would run on until the next event fails to send.
        if ((flags & CallFlags.More) != 0)
        {
            return EndAsync();
        }

        if (_channel.CanTellPeerClosed)
        {
            if (Interlocked.Exchange(ref _probing, 1) == 0)
            {
                _ = ProbePeerAsync(_ended.Token);
            }

            return Task.CompletedTask;
        }

        return Task.CompletedTask;
    }

    private async Task ProbePeerAsync(CancellationToken ended)
    {
        try
        {
            while (!ended.IsCancellationRequested)
            {
                await Task.Delay(PeerProbeInterval, ended).ConfigureAwait(false);
                if (_channel.PeerHasClosed())
                {
                    SignalEnded();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    /// <summary>The read loop. Returns the failure that ended it, or null for a clean end.</summary>
    private async Task<Exception?> ReadCallsAsync()
    {
        var input = _channel.Input;
        var limits = _channel.Limits;
        long scanned = 0;
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled && _stopReading.IsCancellationRequested)
            {
                // The server is stopping: no new calls are taken on this connection.
                input.AdvanceTo(result.Buffer.Start);
                return null;
            }

            var buffer = result.Buffer;
            bool restart = false;
            while (true)
            {
                var frameStart = buffer.Start;
                long before = buffer.Length;
                ReadOnlySequence<byte> frame;
                CallEnvelope envelope;
                try
                {
                    if (!FrameReader.TryReadFrame(ref buffer, ref scanned, limits.MaxMessageSize, out frame))
                    {
                        break;
                    }
                }
                catch (VarlinkProtocolException e)
                {
                    throw Violation(e, buffer);
                }

                if (_inputEnded && _ended.IsCancellationRequested)
                {
                    // The client has gone: nobody is left to answer the calls it left behind.
                    input.AdvanceTo(buffer.End);
                    return null;
                }

                try
                {
                    envelope = EnvelopeReader.ReadCall(frame, limits);
                }
                catch (VarlinkProtocolException e)
                {
                    throw Violation(e, frame);
                }

                if ((envelope.Flags & CallFlags.Upgrade) != 0)
                {
                    // The handler may take over the stream: release the buffer up to this call first,
                    // keeping what follows it for whoever reads next.
                    _moreCallsQueued = false;
                    var copied = CopyParameters(envelope.Parameters);
                    input.AdvanceTo(buffer.Start);
                    try
                    {
                        await DispatchAsync(envelope with { Parameters = copied.Parameters }).ConfigureAwait(false);
                    }
                    finally
                    {
                        ReturnCopy(copied.Rented);
                    }

                    if (_detached)
                    {
                        return null;
                    }

                    restart = true;
                    break;
                }

                // Whether another whole call is already buffered; where its NUL is also tells the
                // frame reader how far it need not search again.
                var nextEnd = buffer.PositionOf((byte)0);
                _moreCallsQueued = nextEnd is not null;
                if (nextEnd is { } end)
                {
                    scanned = buffer.Slice(0, end).Length;
                }

                var dispatch = DispatchInline(envelope);
                if (!dispatch.IsCompleted)
                {
                    // The handler waits for something: send what it wrote so far, and read on while it
                    // waits, keeping this call's bytes (its parameters are slices of them). The watch
                    // hands back its last read, which starts at this call; go on after it.
                    await FlushHeldAsync().ConfigureAwait(false);
                    long frameBytes = before - buffer.Length;
                    input.AdvanceTo(frameStart, buffer.End);
                    result = await WatchWhileHandlingAsync(dispatch.AsTask(), envelope.Flags, frameBytes).ConfigureAwait(false);
                    buffer = result.Buffer.Slice(frameBytes);
                }
                else
                {
                    await dispatch.ConfigureAwait(false);
                }

                if (_stopReading.IsCancellationRequested)
                {
                    input.AdvanceTo(buffer.Start);
                    await FlushHeldAsync().ConfigureAwait(false);
                    return null;
                }
            }

            await FlushHeldAsync().ConfigureAwait(false);
            if (restart)
            {
                continue;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : Violation(FrameReader.TruncatedFrame(buffer.Length), buffer);
            }
        }
    }

    // How much of what arrived a protocol violation's report shows.
    private const int ViolationExcerptBytes = 256;

    /// <summary>
    /// The report of a connection dropped for a protocol violation (given once to
    /// <see cref="VarlinkServerOptions.ConnectionFailed"/>): which rule, and what arrived, truncated.
    /// </summary>
    private static VarlinkProtocolException Violation(VarlinkProtocolException rule, ReadOnlySequence<byte> arrived)
    {
        var head = arrived.Slice(0, Math.Min(arrived.Length, ViolationExcerptBytes)).ToArray();
        var text = new System.Text.StringBuilder(head.Length + 16);
        foreach (char c in System.Text.Encoding.UTF8.GetString(head))
        {
            // Control characters (the NUL terminator among them) are shown escaped, so a log line stays one line.
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        string more = arrived.Length > head.Length ? $"… (the first {head.Length} of {arrived.Length} bytes)" : string.Empty;
        return new VarlinkProtocolException(
            $"A client broke the varlink protocol and its connection was closed: {rule.Message} It sent: {text}{more}", rule);
    }

    /// <summary>
    /// Reads on while a handler runs, so that the end of the client's input (see <see cref="InputEndedAsync"/>)
    /// or a connection that fails is noticed now rather than after the handler. Nothing is
    /// consumed: reads are advanced to their start (the call being handled), examining everything, until
    /// the handler completes, the input ends, or enough of later calls is buffered. Then the last read
    /// is handed back, not yet advanced, once the handler has completed (its failure is rethrown first).
    /// </summary>
    private async Task<ReadResult> WatchWhileHandlingAsync(Task handler, CallFlags flags, long frameBytes)
    {
        var input = _channel.Input;
        if (_inputEnded)
        {
            // Nothing more to read: answer what was read, then close.
            await handler.ConfigureAwait(false);
            return await input.ReadAsync().ConfigureAwait(false);
        }

        // The handler's completion wakes the pending read (or the next one, when none is pending).
        _ = handler.ContinueWith(
            static (_, state) => ((PipeReader)state!).CancelPendingRead(),
            input,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        ReadResult result;
        try
        {
            while (true)
            {
                result = await input.ReadAsync().ConfigureAwait(false);
                if (handler.IsCompleted)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    // The client closed its side: what it sent stays buffered and is answered.
                    await InputEndedAsync(flags).ConfigureAwait(false);
                    break;
                }

                if (!result.IsCanceled && result.Buffer.Length - frameBytes > WatchAheadBytes)
                {
                    // Enough of later calls is buffered: stop reading until the handler is done.
                    break;
                }

                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (Exception)
        {
            // The connection failed under the handler: tell it, let it finish, then report the failure.
            await EndAsync().ConfigureAwait(false);
            await handler.ConfigureAwait(false);
            throw;
        }

        await handler.ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// An upgrade call's parameters must outlive the receive buffer (released before its handler runs,
    /// which may take the stream over): they are copied into a pooled array, returned when it is done.
    /// </summary>
    private static (ReadOnlySequence<byte> Parameters, byte[]? Rented) CopyParameters(ReadOnlySequence<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return (parameters, null);
        }

        var rented = ArrayPool<byte>.Shared.Rent(checked((int)parameters.Length));
        parameters.CopyTo(rented);
        return (new ReadOnlySequence<byte>(rented, 0, (int)parameters.Length), rented);
    }

    private static void ReturnCopy(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal async Task<Stream> DetachAsync()
    {
        _detached = true;
        _upgraded = await _channel.DetachAsync().ConfigureAwait(false);
        return _upgraded;
    }
}
