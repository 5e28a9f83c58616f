using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

public sealed partial class VarlinkConnection
{
    private static JsonTypeInfo<JsonElement> Untyped => VarlinkJsonContext.Default.JsonElement;

    /// <summary>Calls a method with untyped JSON parameters and returns the reply parameters.</summary>
    /// <param name="method">The fully-qualified method name, for example <c>org.example.ftl.Monitor</c>.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels the call; once the call is sent this closes the connection (see remarks on <see cref="VarlinkConnection"/>).</param>
    /// <returns>The reply parameters, a JSON object (<c>{}</c> when the reply had none).</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    /// <exception cref="VarlinkProtocolException">The service broke the protocol.</exception>
    public Task<JsonElement> CallAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
        => CallAsync(method, parameters, Untyped, Untyped, cancellationToken);

    /// <summary>Calls a method with typed parameters and reply, serialized with the given (source-generated) metadata.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read the reply.</param>
    /// <param name="cancellationToken">Cancels the call; once the call is sent this closes the connection.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    /// <exception cref="VarlinkProtocolException">The service broke the protocol, or the reply does not fit <typeparamref name="TReply"/>.</exception>
    public Task<TReply> CallAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        ArgumentNullException.ThrowIfNull(replyTypeInfo);
        var pending = new PendingSingle<TReply>(replyTypeInfo, _synchronousContinuations);
        var send = SendAsync(method, CallFlags.None, parameters, parametersTypeInfo, pending, cancellationToken);

        // The usual case: sent (or queued) at once and nothing to cancel — the caller awaits the
        // reply's own task, with no further state machine in between.
        return send.IsCompletedSuccessfully && !cancellationToken.CanBeCanceled
            ? pending.Task
            : CallSlowAsync(send, pending.Task, cancellationToken);
    }

    private async Task<TReply> CallSlowAsync<TReply>(ValueTask send, Task<TReply> reply, CancellationToken cancellationToken)
    {
        await send.ConfigureAwait(false);
        return await WaitAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a method that takes no parameters and returns a typed reply.</summary>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="replyTypeInfo">How to read the reply.</param>
    /// <param name="cancellationToken">Cancels the call; once the call is sent this closes the connection.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    /// <exception cref="VarlinkProtocolException">The service broke the protocol, or the reply does not fit <typeparamref name="TReply"/>.</exception>
    public Task<TReply> CallAsync<TReply>(string method, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default)
        => CallAsync(method, default(JsonElement), Untyped, replyTypeInfo, cancellationToken);

    /// <summary>
    /// Calls a method with <c>more</c> and streams its replies: every reply up to and including the
    /// one without <c>continues</c>. The call is sent when the enumeration starts.
    /// </summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels the stream; this closes the connection, as does leaving the enumeration early.</param>
    /// <returns>The reply parameters, one JSON object per reply.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error (ends the stream).</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public IAsyncEnumerable<JsonElement> CallMoreAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
        => CallMoreAsync(method, parameters, Untyped, Untyped, cancellationToken);

    /// <summary>
    /// Calls a method with <c>more</c> and streams its typed replies. The call is sent when the
    /// enumeration starts. Leaving the enumeration before the last reply closes the connection,
    /// because varlink can stop a stream only that way.
    /// </summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read each reply.</param>
    /// <param name="cancellationToken">Cancels the stream; this closes the connection.</param>
    /// <returns>The replies.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error (ends the stream).</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public IAsyncEnumerable<TReply> CallMoreAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default)
    {
        ValidateMethod(method);
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        ArgumentNullException.ThrowIfNull(replyTypeInfo);
        return StreamAsync(method, parameters, parametersTypeInfo, replyTypeInfo, cancellationToken);
    }

    /// <summary>
    /// Sends a call with <c>oneway</c>: the service runs it and sends no reply, not even an error.
    /// Completes when the call is queued for sending.
    /// </summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued.</returns>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public ValueTask CallOnewayAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
        => SendAsync(method, CallFlags.Oneway, parameters, Untyped, null, cancellationToken);

    /// <summary>Sends a call with <c>oneway</c> and typed parameters.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued.</returns>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public ValueTask CallOnewayAsync<TParameters>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        return SendAsync(method, CallFlags.Oneway, parameters, parametersTypeInfo, null, cancellationToken);
    }

    /// <summary>
    /// Calls a method with <c>upgrade</c>. When the service confirms, the connection stops speaking
    /// varlink: the result holds the confirming reply and the raw stream, and this connection is spent
    /// (later calls fail). When the service replies with an error, the connection stays usable.
    /// </summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels the call; once the call is sent this closes the connection.</param>
    /// <returns>The confirming reply and the upgraded stream.</returns>
    /// <exception cref="VarlinkRemoteException">The service refused with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public Task<VarlinkUpgrade<JsonElement>> UpgradeAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
        => UpgradeAsync(method, parameters, Untyped, Untyped, cancellationToken);

    /// <summary>Calls a method with <c>upgrade</c>, typed. See <see cref="UpgradeAsync(string, JsonElement, CancellationToken)"/>.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The confirming reply's type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read the confirming reply.</param>
    /// <param name="cancellationToken">Cancels the call; once the call is sent this closes the connection.</param>
    /// <returns>The confirming reply and the upgraded stream.</returns>
    /// <exception cref="VarlinkRemoteException">The service refused with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed or was closed.</exception>
    public async Task<VarlinkUpgrade<TReply>> UpgradeAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        ArgumentNullException.ThrowIfNull(replyTypeInfo);
        var pending = new PendingUpgrade<TReply>(replyTypeInfo);
        await SendAsync(method, CallFlags.Upgrade, parameters, parametersTypeInfo, pending, cancellationToken).ConfigureAwait(false);
        try
        {
            return await WaitAsync(pending.Task, cancellationToken).ConfigureAwait(false);
        }
        catch (VarlinkRemoteException)
        {
            _upgrading = false;
            throw;
        }
    }

    private async IAsyncEnumerable<TReply> StreamAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new PendingStream<TReply>(replyTypeInfo);
        await SendAsync(method, CallFlags.More, parameters, parametersTypeInfo, pending, cancellationToken).ConfigureAwait(false);
        var replies = pending.Replies;
        bool finished = false;
        try
        {
            while (await replies.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (replies.TryRead(out var item))
                {
                    yield return item;
                }
            }

            finished = true;
        }
        finally
        {
            if (!finished && !pending.IsFinished)
            {
                // The consumer stopped early: varlink can stop a stream only by closing the connection.
                Close(new OperationCanceledException("A streamed varlink call was abandoned before its last reply."), graceful: false);
            }
        }
    }
}
