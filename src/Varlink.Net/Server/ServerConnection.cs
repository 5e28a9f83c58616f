using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>
/// One accepted connection: reads calls one at a time, in order, and answers each before reading the
/// next (pipelined calls wait in the socket buffer). Malformed input closes only this connection.
/// </summary>
internal sealed class ServerConnection
{
    private readonly VarlinkServer _server;
    private readonly FrameChannel _channel;
    private readonly CancellationToken _stopReading;
    private readonly CancellationToken _abort;
    private bool _detached;
    private Stream? _upgraded;

    // Replies are written under this lock: a handler that went asynchronous may write while the read
    // loop flushes what the handler wrote before it yielded.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // When more calls are already buffered, final replies are not flushed one by one: they go out
    // together once the buffered calls are answered (pipelined calls get batched replies).
    private bool _moreCallsQueued;
    private bool _unflushed;

    // While a handler runs synchronously inside the read loop, its "continues" replies are gathered
    // (up to StreamBatchBytes) instead of sent one by one; the loop sends them when the handler
    // finishes or yields, so a reply never waits behind a handler that is waiting for something else.
    private const int StreamBatchBytes = 32 * 1024;
    private bool _dispatchingInline;
    private int _loopThread;

    public ServerConnection(VarlinkServer server, Stream stream, ProtocolLimits limits, CancellationToken stopReading, CancellationToken abort)
    {
        _server = server;
        _channel = new FrameChannel(stream, limits, server.Options.ThreadPerConnection);
        _stopReading = stopReading;
        _abort = abort;
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
        catch (Exception e) when (_abort.IsCancellationRequested)
        {
            _ = e;
        }
        catch (Exception e)
        {
            failure = e;
        }

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

    /// <summary>The read loop. Returns the failure that ended it, or null for a clean end.</summary>
    private async Task<Exception?> ReadCallsAsync()
    {
        var input = _channel.Input;
        var limits = _channel.Limits;
        long scanned = 0;
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                // The server is stopping: no new calls are taken on this connection.
                input.AdvanceTo(result.Buffer.Start);
                return null;
            }

            var buffer = result.Buffer;
            bool restart = false;
            while (FrameReader.TryReadFrame(ref buffer, ref scanned, limits.MaxMessageSize, out var frame))
            {
                var envelope = EnvelopeReader.ReadCall(frame, limits);
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

                await DispatchInlineAsync(envelope).ConfigureAwait(false);

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
                return buffer.IsEmpty ? null : FrameReader.TruncatedFrame(buffer.Length);
            }
        }
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

    /// <summary>
    /// Checks and runs one call. Its parameters stay raw bytes: validated in place, read typed by the
    /// handler, parsed into a document only if the handler asks for one (disposed when it is done).
    /// </summary>
    private async ValueTask DispatchAsync(CallEnvelope envelope)
    {
        string method = envelope.Method;
        int dot = method.LastIndexOf('.');

        // The names come from the registered schema when known, so a call allocates no substrings.
        var registration = _server.TryGetInterface(dot > 0 ? method.AsSpan(0, dot) : method, out var found) ? found : null;
        var declared = registration is not null && registration.Schema.TryGetMethod(dot > 0 ? method.AsSpan(dot + 1) : default, out var m) ? m : null;
        string interfaceName = registration?.Schema.Name ?? (dot > 0 ? method[..dot] : method);
        string methodName = declared?.Name ?? (dot > 0 ? method[(dot + 1)..] : string.Empty);
        int maxDepth = _channel.Limits.MaxDepth;
        var call = new VarlinkCall(this, method, interfaceName, methodName, envelope.Flags, envelope.Parameters, maxDepth);
        try
        {
            if (registration is null)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.InterfaceNotFound, "interface", interfaceName).ConfigureAwait(false);
                return;
            }

            if (declared is null)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.MethodNotFound, "method", method).ConfigureAwait(false);
                return;
            }

            if (registration.Schema.FindInvalidParameter(declared, envelope.Parameters, maxDepth) is { } invalid)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.InvalidParameter, "parameter", invalid).ConfigureAwait(false);
                return;
            }

            try
            {
                await registration.Handler(call, _abort).ConfigureAwait(false);
            }
            catch (VarlinkRemoteException e) when (!call.IsAnswered && !call.IsUpgraded)
            {
                if (!IsDeclaredError(interfaceName, e.ErrorName))
                {
                    throw new InvalidOperationException(
                        $"The handler of {method} failed with {e.ErrorName}, an error declared neither by {interfaceName} nor by org.varlink.service; the connection is closed.", e);
                }

                await call.ReplyErrorAsync(e.ErrorName, e.Parameters).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not (VarlinkException or OperationCanceledException))
            {
                throw new InvalidOperationException($"The handler of {method} failed ({e.Message}); the connection is closed.", e);
            }

            if (call.IsAnswered || call.IsUpgraded || call.IsOneway)
            {
                return;
            }

            if (call.HasContinued)
            {
                throw new InvalidOperationException($"The handler of {method} sent replies with \"continues\" but no final reply; the connection is closed.");
            }

            await SendServiceErrorAsync(call, VarlinkServiceErrors.MethodNotImplemented, "method", method).ConfigureAwait(false);
        }
        finally
        {
            call.ReleaseParameters();
        }
    }

    private static ValueTask SendServiceErrorAsync(VarlinkCall call, string error, string parameter, string value)
        => call.ReplyErrorAsync(error, VarlinkServiceErrors.ObjectWith(parameter, value));

    internal bool IsDeclaredError(string interfaceName, string errorName)
    {
        int dot = errorName.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var errorInterface = errorName.AsSpan(0, dot);
        var member = errorName[(dot + 1)..];
        if (errorInterface.SequenceEqual(VarlinkServer.ServiceInterfaceName))
        {
            return VarlinkServer.ServiceSchema.HasError(member);
        }

        return errorInterface.SequenceEqual(interfaceName)
            && _server.TryGetInterface(interfaceName, out var registration)
            && registration.Schema.HasError(member);
    }

    /// <summary>
    /// Runs one call's dispatch; while its handler runs synchronously on this thread, streamed replies
    /// are gathered, and if the handler yields they are sent before the loop waits for it.
    /// </summary>
    private async ValueTask DispatchInlineAsync(CallEnvelope envelope)
    {
        _loopThread = Environment.CurrentManagedThreadId;
        _dispatchingInline = true;
        ValueTask dispatch;
        try
        {
            dispatch = DispatchAsync(envelope);
        }
        finally
        {
            _dispatchingInline = false;
        }

        if (!dispatch.IsCompleted)
        {
            await FlushHeldAsync().ConfigureAwait(false);
        }

        await dispatch.ConfigureAwait(false);
    }

    internal async ValueTask WriteReplyAsync<T>(T parameters, JsonTypeInfo<T> typeInfo, bool continues, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                EnvelopeWriter.WriteReply(_channel.BeginFrame(), parameters, typeInfo, continues);
                _channel.EndFrame();
            }
            catch (Exception e)
            {
                _channel.Abort();
                throw new VarlinkConnectionException("Writing a reply failed; the connection is closed.", e);
            }

            await FlushUnlessQueuedAsync(continues, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal async ValueTask WriteErrorAsync(string error, JsonElement parameters, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnvelopeWriter.WriteError(_channel.BeginFrame(), error, parameters);
            _channel.EndFrame();
            await FlushUnlessQueuedAsync(continues: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends what was just written, unless it can wait for more: see the fields above. Under the write lock.</summary>
    private ValueTask FlushUnlessQueuedAsync(bool continues, CancellationToken cancellationToken)
    {
        bool gather = continues
            ? _dispatchingInline && Environment.CurrentManagedThreadId == _loopThread && _channel.UnflushedBytes < StreamBatchBytes
            : _moreCallsQueued;
        if (gather)
        {
            _unflushed = true;
            return default;
        }

        _unflushed = false;
        return _channel.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Sends replies held back (gathered while a handler ran inline, or answers to calls that arrived
    /// together): when a handler yields, and when the loop has no more buffered calls to answer.
    /// </summary>
    private async ValueTask FlushHeldAsync()
    {
        await _writeLock.WaitAsync(_abort).ConfigureAwait(false);
        try
        {
            if (_unflushed)
            {
                _unflushed = false;
                await _channel.FlushAsync(_abort).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal async Task<Stream> DetachAsync()
    {
        _detached = true;
        _upgraded = await _channel.DetachAsync().ConfigureAwait(false);
        return _upgraded;
    }
}
