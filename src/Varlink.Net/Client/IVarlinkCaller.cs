using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>
/// Something that can call varlink methods: the one call surface that generated proxies (and any other
/// typed layer) are written against. <see cref="VarlinkConnection"/> implements it for one connection;
/// <c>VarlinkClient</c> (Varlink.Net.Extensions) implements it with reconnects, retries of idempotent
/// calls, telemetry, and a connection of its own for each stream and upgrade.
/// </summary>
/// <remarks>
/// All four forms take source-generated JSON metadata, so a caller works under NativeAOT and trimming.
/// Errors: <see cref="VarlinkRemoteException"/> for an error reply, <see cref="VarlinkConnectionException"/>
/// when the connection failed or closed, <see cref="VarlinkProtocolException"/> when the peer broke the
/// protocol or a reply does not fit its type.
/// </remarks>
public interface IVarlinkCaller
{
    /// <summary>Calls a method and returns its one reply.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="method">The fully-qualified method name, for example <c>io.podman.GetVersion</c>.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read the reply.</param>
    /// <param name="cancellationToken">Cancels the call. Varlink has no cancel message: a call already sent is abandoned by closing the connection it went on.</param>
    /// <returns>The reply.</returns>
    Task<TReply> CallAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default);

    /// <summary>Calls a method with <c>more</c> and streams its replies, up to and including the one without <c>continues</c>.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The type of each reply.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read each reply.</param>
    /// <param name="cancellationToken">Stops the stream (by closing the connection it runs on).</param>
    /// <returns>The replies; the call is sent when the enumeration starts, and leaving it early ends the stream.</returns>
    IAsyncEnumerable<TReply> CallMoreAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default);

    /// <summary>Sends a call with <c>oneway</c>: the service runs it and sends no reply, not even an error.</summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the call is queued for sending.</returns>
    ValueTask CallOnewayAsync<TParameters>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls a method with <c>upgrade</c>. When the service confirms, the connection it went on stops
    /// speaking varlink and belongs to the result (disposing the result closes it).
    /// </summary>
    /// <typeparam name="TParameters">The parameters type.</typeparam>
    /// <typeparam name="TReply">The confirming reply's type.</typeparam>
    /// <param name="method">The fully-qualified method name.</param>
    /// <param name="parameters">The parameters; null sends none.</param>
    /// <param name="parametersTypeInfo">How to write the parameters.</param>
    /// <param name="replyTypeInfo">How to read the confirming reply.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The confirming reply and the upgraded stream.</returns>
    Task<VarlinkUpgrade<TReply>> UpgradeAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken = default);
}
