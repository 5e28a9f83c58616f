using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>A call that was sent and waits for its reply (or replies) in the connection's FIFO.</summary>
internal abstract class PendingCall
{
    private static readonly ReadOnlySequence<byte> EmptyObject = new("{}"u8.ToArray());

    protected PendingCall(bool wantsMore) => WantsMore = wantsMore;

    /// <summary>Whether the call was sent with <c>more</c>, so replies may carry <c>continues</c>.</summary>
    public bool WantsMore { get; }

    /// <summary>Takes one reply; runs on the read loop, and the frame is valid only until it returns (or its task completes).</summary>
    public abstract ValueTask OnReplyAsync(ReplyEnvelope reply, CancellationToken cancellationToken);

    /// <summary>Fails the call because the connection ended.</summary>
    public abstract void Fail(Exception exception);

    protected static VarlinkRemoteException RemoteError(in ReplyEnvelope reply)
    {
        JsonElement parameters = default;
        if (!reply.Parameters.IsEmpty)
        {
            var reader = new Utf8JsonReader(reply.Parameters);
            parameters = JsonElement.ParseValue(ref reader);
        }

        return new VarlinkRemoteException(reply.Error!, parameters);
    }

    /// <summary>Reads reply parameters as <typeparamref name="T"/>; absent or null parameters read as <c>{}</c>.</summary>
    protected static T ReadParameters<T>(ReadOnlySequence<byte> parameters, JsonTypeInfo<T> typeInfo)
    {
        var reader = new Utf8JsonReader(parameters.IsEmpty ? EmptyObject : parameters);
        try
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new VarlinkProtocolException($"The reply parameters do not fit {typeof(T).Name}: {e.Message}", e);
        }
    }
}
