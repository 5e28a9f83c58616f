using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>A call that gets one reply.</summary>
internal sealed class PendingSingle<T> : PendingCall
{
    private readonly TaskCompletionSource<T> _result;
    private readonly JsonTypeInfo<T> _typeInfo;

    public PendingSingle(JsonTypeInfo<T> typeInfo, bool synchronousContinuations, bool wantsMore = false)
        : base(wantsMore)
    {
        _typeInfo = typeInfo;
        _result = new(synchronousContinuations ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<T> Task => _result.Task;

    public override ValueTask OnReplyAsync(ReplyEnvelope reply, CancellationToken cancellationToken)
    {
        if (_result.Task.IsCompleted)
        {
            // Only a call sent with "more" can get here again; later replies are dropped.
            return default;
        }

        try
        {
            if (reply.Error is not null)
            {
                _result.TrySetException(RemoteError(reply));
            }
            else
            {
                _result.TrySetResult(ReadParameters(reply.Parameters, _typeInfo));
            }
        }
        catch (Exception e)
        {
            _result.TrySetException(e);
        }

        return default;
    }

    public override void Fail(Exception exception) => _result.TrySetException(exception);
}
