using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Varlink;

/// <summary>
/// A varlink client over any <see cref="IVarlinkTransport"/> that keeps one shared, pipelined connection
/// for single and oneway calls and opens a new one when it fails (on the next call). Connection attempts
/// are retried with backoff; calls marked idempotent are retried on a new connection; every call is
/// traced and measured (<see cref="VarlinkTelemetry"/>).
/// </summary>
/// <remarks>
/// <para>
/// Streams and upgrades: each streamed call (<c>more</c>) runs on a connection of its own, opened when
/// the enumeration starts and closed when it ends, so a long stream (an event feed, say) never holds the
/// shared connection's calls behind it, and leaving a stream early fails no other call. At most
/// <see cref="VarlinkClientOptions.MaxStreamConnections"/> streams are open at once; a further stream
/// waits (cancellably) until one ends. Each upgrade also gets a connection of its own, which the
/// upgrade spends: it belongs to the returned stream.
/// </para>
/// <para>
/// Thread-safe. Retries never repeat a call that is not marked idempotent, a streamed or oneway call, or
/// an upgrade. Cancelling a single call after it was sent ends the shared connection (varlink has no
/// cancel message); the next call opens a new one.
/// </para>
/// </remarks>
public sealed partial class VarlinkClient : IVarlinkCaller, IAsyncDisposable
{
    private readonly IVarlinkTransport _transport;
    private readonly bool _ownsTransport;
    private readonly VarlinkClientOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _connectPipeline;
    private readonly ResiliencePipeline _idempotentPipeline;
    private readonly SemaphoreSlim _connectionLock = new(1, 1);
    private readonly SemaphoreSlim _streamSlots;
    private readonly VarlinkConnectionOptions _connectionOptions;
    private VarlinkConnection? _connection;
    private bool _disposed;

    /// <summary>Creates a client over <paramref name="transport"/>; nothing connects until the first call.</summary>
    /// <param name="transport">Opens the connections.</param>
    /// <param name="options">Retry settings (the address settings are not used here); defaults when null.</param>
    /// <param name="logger">Receives connection and retry events; none when null.</param>
    /// <param name="ownsTransport">Dispose the transport with the client (when it is disposable).</param>
    public VarlinkClient(IVarlinkTransport transport, VarlinkClientOptions? options = null, ILogger<VarlinkClient>? logger = null, bool ownsTransport = false)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _ownsTransport = ownsTransport;
        _options = options ?? new VarlinkClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxStreamConnections, 1, nameof(options) + "." + nameof(VarlinkClientOptions.MaxStreamConnections));
        _streamSlots = new SemaphoreSlim(_options.MaxStreamConnections, _options.MaxStreamConnections);
        _connectionOptions = _options.Limits is { } limits ? new VarlinkConnectionOptions { Limits = limits } : VarlinkConnectionOptions.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _connectPipeline = RetryPipeline(_options.ConnectRetries, "connect");
        _idempotentPipeline = RetryPipeline(_options.IdempotentCallRetries, "idempotent call");
    }

    /// <summary>Closes the shared connection and, when owned, the transport.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsTransport)
        {
            switch (_transport)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>The shared connection, opened (with connect retries) when there is none or it has ended.</summary>
    private async ValueTask<VarlinkConnection> SharedConnectionAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (current is { Completion.IsCompleted: false })
        {
            return current;
        }

        await _connectionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _connection;
            if (current is { Completion.IsCompleted: false })
            {
                return current;
            }

            if (current is not null)
            {
                _logger.LogInformation("Varlink connection ended ({Reason}); opening a new one", current.Completion.Exception?.GetBaseException().Message ?? "closed");
                await current.DisposeAsync().ConfigureAwait(false);
            }

            var opened = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _connection, opened);
            return opened;
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    /// <summary>Forgets <paramref name="connection"/> if it is still the shared one, and closes it.</summary>
    private void Discard(VarlinkConnection connection)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) == connection)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    /// <summary>Opens a new connection through the transport, retrying transient failures with backoff.</summary>
    private async ValueTask<VarlinkConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _connectPipeline.ExecuteAsync(
            static async (self, token) =>
            {
                var stream = await self.OpenStreamAsync(token).ConfigureAwait(false);
                return new VarlinkConnection(stream, self._connectionOptions);
            },
            this,
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Stream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = await _transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("Varlink connection opened");
            return stream;
        }
        catch (Exception e) when (e is not (OperationCanceledException or VarlinkException))
        {
            throw new VarlinkConnectionException($"Could not connect to the varlink service: {e.Message}", e);
        }
    }

    private ResiliencePipeline RetryPipeline(int retries, string what)
    {
        if (retries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var isTransient = _options.IsTransientFailure;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && isTransient(e)),
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        args.Outcome.Exception,
                        "Varlink {What} failed (attempt {Attempt}); retrying in {Delay} ms",
                        what,
                        args.AttemptNumber + 1,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }
}
