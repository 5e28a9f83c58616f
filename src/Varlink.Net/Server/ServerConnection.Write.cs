using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>Writing replies, and when they are sent.</summary>
internal sealed partial class ServerConnection
{
    // While a handler runs synchronously inside the read loop, its "continues" replies are gathered
    // (up to StreamBatchBytes) instead of sent one by one; the loop sends them when the handler
    // finishes or yields, so a reply never waits behind a handler that is waiting for something else.
    private const int StreamBatchBytes = 32 * 1024;

    // Replies are written under this lock: a handler that went asynchronous may write while the read
    // loop flushes what the handler wrote before it yielded.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // When more calls are already buffered, final replies are not flushed one by one: they go out
    // together once the buffered calls are answered (pipelined calls get batched replies).
    private bool _moreCallsQueued;
    private bool _unflushed;
    private bool _dispatchingInline;
    private int _loopThread;

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
}
