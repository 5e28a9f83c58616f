using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

// VarlinkClient as the one call surface (IVarlinkCaller) that generated proxies are written against.
public sealed partial class VarlinkClient
{
    /// <inheritdoc/>
    /// <remarks>Retried on a new connection when <paramref name="method"/> is in <see cref="VarlinkClientOptions.IdempotentMethods"/>.</remarks>
    Task<TReply> IVarlinkCaller.CallAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken) =>
        CallAsync(method, parameters, parametersTypeInfo, replyTypeInfo, _options.IdempotentMethods.Contains(method), cancellationToken);

    /// <inheritdoc/>
    IAsyncEnumerable<TReply> IVarlinkCaller.CallMoreAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        ArgumentNullException.ThrowIfNull(replyTypeInfo);
        return StreamAsync(method, parameters, parametersTypeInfo, replyTypeInfo, cancellationToken);
    }

    /// <inheritdoc/>
    async ValueTask IVarlinkCaller.CallOnewayAsync<TParameters>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        await TracedAsync<bool>(
            method,
            async token =>
            {
                var connection = await SharedConnectionAsync(token).ConfigureAwait(false);
                await connection.CallOnewayAsync(method, parameters, parametersTypeInfo, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    Task<VarlinkUpgrade<TReply>> IVarlinkCaller.UpgradeAsync<TParameters, TReply>(string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parametersTypeInfo);
        ArgumentNullException.ThrowIfNull(replyTypeInfo);
        return TracedAsync(
            method,
            async token =>
            {
                var connection = await ConnectAsync(token).ConfigureAwait(false);
                try
                {
                    return await connection.UpgradeAsync(method, parameters, parametersTypeInfo, replyTypeInfo, token).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken);
    }

    private async IAsyncEnumerable<TReply> StreamAsync<TParameters, TReply>(
        string method, TParameters parameters, JsonTypeInfo<TParameters> parametersTypeInfo, JsonTypeInfo<TReply> replyTypeInfo,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = CallTelemetry.Start(method);
        IAsyncEnumerator<TReply>? replies = null;
        VarlinkConnection? connection = null;
        bool slot = false;
        try
        {
            // A stream has a connection of its own: it holds no other call behind it, and leaving it
            // early (which closes its connection) fails nothing else.
            try
            {
                await _streamSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                slot = true;
                connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                call.Fail(e);
                throw;
            }

            replies = connection.CallMoreAsync(method, parameters, parametersTypeInfo, replyTypeInfo, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await replies.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception e)
                {
                    call.Fail(e);
                    throw;
                }

                yield return replies.Current;
            }
        }
        finally
        {
            if (replies is not null)
            {
                await replies.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (slot)
            {
                _streamSlots.Release();
            }
        }
    }
}
