using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

public sealed partial class VarlinkClient
{
    /// <summary>Calls a method with untyped JSON parameters and returns the reply parameters.</summary>
    /// <param name="method">The fully-qualified method name, e.g. <c>io.podman.GetVersion</c>.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="idempotent">
    /// The call may safely run twice: when its connection fails, it is retried on a new one. Leave false
    /// for calls that change state.
    /// </param>
    /// <param name="cancellationToken">Cancels the call; once sent, this ends the shared connection.</param>
    /// <returns>The reply parameters.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed (after any retries).</exception>
    /// <exception cref="VarlinkProtocolException">The service broke the protocol.</exception>
    public Task<JsonElement> CallAsync(string method, JsonElement parameters = default, bool idempotent = false, CancellationToken cancellationToken = default) =>
        CallAsync(method, parameters, VarlinkClientJson.Element, VarlinkClientJson.Element, idempotent, cancellationToken);

    /// <summary>Calls a method with typed parameters and reply (source-generated metadata).</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read the reply.</param>
    /// <param name="idempotent">The call may safely run twice (see <see cref="CallAsync(string, JsonElement, bool, CancellationToken)"/>).</param>
    /// <param name="cancellationToken">Cancels the call; once sent, this ends the shared connection.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="VarlinkRemoteException">The service replied with an error.</exception>
    /// <exception cref="VarlinkConnectionException">The connection failed (after any retries).</exception>
    /// <exception cref="VarlinkProtocolException">The service broke the protocol.</exception>
    public Task<TReply> CallAsync<TParameters, TReply>(
        string method,
        TParameters parameters,
        JsonTypeInfo<TParameters> parametersTypeInfo,
        JsonTypeInfo<TReply> replyTypeInfo,
        bool idempotent = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var pipeline = idempotent ? _idempotentPipeline : Polly.ResiliencePipeline.Empty;
        return TracedAsync(
            method,
            async token => await pipeline.ExecuteAsync(
                async (state, innerToken) =>
                {
                    var connection = await state.Self.SharedConnectionAsync(innerToken).ConfigureAwait(false);
                    try
                    {
                        return await connection.CallAsync(state.Method, state.Parameters, state.ParametersTypeInfo, state.ReplyTypeInfo, innerToken)
                            .ConfigureAwait(false);
                    }
                    catch (VarlinkConnectionException)
                    {
                        // Do not let a retry (or the next call) pick the broken connection up again.
                        state.Self.Discard(connection);
                        throw;
                    }
                },
                (Self: this, Method: method, Parameters: parameters, ParametersTypeInfo: parametersTypeInfo, ReplyTypeInfo: replyTypeInfo),
                token).ConfigureAwait(false),
            cancellationToken);
    }

    /// <summary>
    /// Calls a method with <c>more</c> and streams its replies on a connection of its own (see
    /// <see cref="VarlinkClientOptions.MaxStreamConnections"/>), opened when the enumeration starts and
    /// closed when it ends. Not retried: replies already delivered cannot be taken back.
    /// </summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Stops the stream (closing its connection, and nothing else).</param>
    /// <returns>Every reply up to the last one.</returns>
    public IAsyncEnumerable<JsonElement> CallMoreAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return StreamAsync(method, parameters, VarlinkClientJson.Element, VarlinkClientJson.Element, cancellationToken);
    }

    /// <summary>Sends a call with <c>oneway</c> (no reply) on the shared connection. Not retried.</summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the call is written.</returns>
    public Task CallOnewayAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return TracedAsync<bool>(
            method,
            async token =>
            {
                var connection = await SharedConnectionAsync(token).ConfigureAwait(false);
                await connection.CallOnewayAsync(method, parameters, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Calls a method with <c>upgrade</c> on a connection of its own (opened with connect retries) and
    /// returns the raw stream that follows the confirming reply. Never retried.
    /// </summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply and the upgraded stream; disposing it closes the connection.</returns>
    public Task<VarlinkUpgrade<JsonElement>> UpgradeAsync(string method, JsonElement parameters = default, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return TracedAsync(
            method,
            async token =>
            {
                var connection = await ConnectAsync(token).ConfigureAwait(false);
                try
                {
                    return await connection.UpgradeAsync(method, parameters, token).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken);
    }

    private static async Task<T> TracedAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var telemetry = CallTelemetry.Start(method);
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            telemetry.Fail(e);
            throw;
        }
    }
}
