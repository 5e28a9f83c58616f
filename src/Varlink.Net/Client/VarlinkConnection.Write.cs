using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

public sealed partial class VarlinkConnection
{
    /// <summary>
    /// Writes one call and queues its pending reply, atomically with respect to other callers, then
    /// hands the frame to the send pump. Returns once the frame is queued for sending.
    /// </summary>
    private async ValueTask SendAsync<T>(string method, CallFlags flags, T parameters, JsonTypeInfo<T>? typeInfo, PendingCall? pending, CancellationToken cancellationToken)
    {
        ValidateMethod(method);
        if (parameters is JsonElement element && element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ArgumentException("Varlink parameters must be a JSON object.", nameof(parameters));
        }

        cancellationToken.ThrowIfCancellationRequested();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_pending)
            {
                ThrowIfClosed();
                if (_upgrading)
                {
                    throw new InvalidOperationException("A call with \"upgrade\" was sent on this connection; it carries no more varlink calls.");
                }

                if (pending is not null)
                {
                    _pending.Enqueue(pending);
                }
            }

            if ((flags & CallFlags.Upgrade) != 0)
            {
                _upgrading = true;
            }

            try
            {
                EnvelopeWriter.WriteCall(_channel.BeginFrame(), method, flags, parameters, typeInfo);
                _channel.EndFrame();
            }
            catch (Exception e)
            {
                // Part of the frame may be in the pipe already: the connection cannot go on.
                var failure = new VarlinkConnectionException($"Writing the call to {method} failed; the connection is closed.", e);
                Close(failure, graceful: false);
                throw failure;
            }

            if (DeferFlush(pending is not null, flags))
            {
                return;
            }

            try
            {
                await _channel.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e)
            {
                // The frame is in the pipe and will be sent: cancelling it means closing the connection.
                Close(e, graceful: false);
                throw;
            }
            catch (VarlinkException e)
            {
                Close(e, graceful: false);
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Whether the call just written may wait in the send buffer: yes while an earlier call still
    /// waits for its reply (the service answers in order, so it cannot answer this one sooner). The
    /// read loop sends the buffer as soon as that reply comes, so calls made in a burst share one send.
    /// </summary>
    private bool DeferFlush(bool expectsReply, CallFlags flags)
    {
        lock (_pending)
        {
            int earlier = _pending.Count - (expectsReply ? 1 : 0);
            _flushOwed = earlier > 0 && (flags & CallFlags.Upgrade) == 0 && _channel.UnflushedBytes < DeferredBytesLimit;
            return _flushOwed;
        }
    }

    /// <summary>After the read loop took replies: sends calls that were left waiting for them, off the read loop.</summary>
    private void SendOwedCalls()
    {
        lock (_pending)
        {
            if (!_flushOwed || _flushScheduled)
            {
                return;
            }

            _flushScheduled = true;
        }

        // Not on the read loop: a send may wait for the service to read, and the service may be
        // waiting for this connection to read its replies.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.FlushOwedAsync(), this, preferLocal: false);
    }

    private async Task FlushOwedAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool owed;
            lock (_pending)
            {
                owed = _flushOwed && _closedReason is null;
                _flushOwed = false;
                _flushScheduled = false;
            }

            if (owed)
            {
                await _channel.FlushAsync(_abort.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Close(e is VarlinkException ? e : new VarlinkConnectionException($"Sending on the varlink connection failed: {e.Message}", e), graceful: false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Waits for a sent call's result; cancelling the wait closes the connection.</summary>
    private async Task<T> WaitAsync<T>(Task<T> result, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || result.IsCompleted)
        {
            return await result.ConfigureAwait(false);
        }

        try
        {
            return await result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && !result.IsCompleted)
        {
            Close(e, graceful: false);
            throw;
        }
    }

    private void ThrowIfClosed()
    {
        var reason = _closedReason;
        if (reason is null)
        {
            return;
        }

        throw reason switch
        {
            OperationCanceledException => CancelledElsewhere(),
            VarlinkConnectionException connection => new VarlinkConnectionException(connection.Message, connection),
            _ => new VarlinkConnectionException($"The varlink connection is closed: {reason.Message}", reason),
        };
    }

    private static void ValidateMethod(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        int dot = method.LastIndexOf('.');
        if (dot <= 0 || dot == method.Length - 1)
        {
            throw new ArgumentException($"\"{method}\" is not a fully-qualified varlink method name (interface.Method).", nameof(method));
        }
    }
}
