using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>A call sent with <c>upgrade</c>: on success the connection's stream is handed over.</summary>
internal sealed class PendingUpgrade<T> : PendingCall, IPendingUpgrade
{
    private readonly TaskCompletionSource<VarlinkUpgrade<T>> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JsonTypeInfo<T> _typeInfo;
    private T? _reply;

    public PendingUpgrade(JsonTypeInfo<T> typeInfo)
        : base(wantsMore: false)
        => _typeInfo = typeInfo;

    public Task<VarlinkUpgrade<T>> Task => _result.Task;

    public override ValueTask OnReplyAsync(ReplyEnvelope reply, CancellationToken cancellationToken)
    {
        _result.TrySetException(RemoteError(reply));
        return default;
    }

    public bool TryReadConfirmation(ReplyEnvelope reply)
    {
        try
        {
            _reply = ReadParameters(reply.Parameters, _typeInfo);
            return true;
        }
        catch (Exception e)
        {
            _result.TrySetException(e);
            return false;
        }
    }

    public void Complete(Stream stream)
    {
        if (!_result.TrySetResult(new VarlinkUpgrade<T>(_reply!, stream)))
        {
            stream.Dispose();
        }
    }

    public override void Fail(Exception exception) => _result.TrySetException(exception);
}
