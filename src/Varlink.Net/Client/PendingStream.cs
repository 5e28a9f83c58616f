using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace Varlink;

/// <summary>
/// A call sent with <c>more</c>: replies go into a small bounded channel that the consumer's
/// <see cref="IAsyncEnumerable{T}"/> drains; a slow consumer holds up the read loop (backpressure).
/// </summary>
internal sealed class PendingStream<T> : PendingCall
{
    private const int Capacity = 64;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly Channel<T> _replies;

    public PendingStream(JsonTypeInfo<T> typeInfo)
        : base(wantsMore: true)
    {
        // The consumer always runs off the read loop: then it drains the channel on one core while
        // the read loop fills it on the other (measured: inline consumption was several times slower).
        _typeInfo = typeInfo;
        _replies = Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<T> Replies => _replies.Reader;

    /// <summary>Whether the last reply (or an error, or a failure) has been received.</summary>
    public bool IsFinished { get; private set; }

    public override ValueTask OnReplyAsync(ReplyEnvelope reply, CancellationToken cancellationToken)
    {
        if (reply.Error is not null)
        {
            IsFinished = true;
            _replies.Writer.TryComplete(RemoteError(reply));
            return default;
        }

        T item;
        try
        {
            item = ReadParameters(reply.Parameters, _typeInfo);
        }
        catch (Exception e)
        {
            _replies.Writer.TryComplete(e);
            return default;
        }

        if (_replies.Writer.TryWrite(item))
        {
            if (!reply.Continues)
            {
                IsFinished = true;
                _replies.Writer.TryComplete();
            }

            return default;
        }

        return WriteSlowAsync(item, reply.Continues, cancellationToken);
    }

    public override void Fail(Exception exception)
    {
        IsFinished = true;
        _replies.Writer.TryComplete(exception);
    }

    private async ValueTask WriteSlowAsync(T item, bool continues, CancellationToken cancellationToken)
    {
        try
        {
            await _replies.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The call already failed; its remaining replies are dropped.
            return;
        }

        if (!continues)
        {
            IsFinished = true;
            _replies.Writer.TryComplete();
        }
    }
}
