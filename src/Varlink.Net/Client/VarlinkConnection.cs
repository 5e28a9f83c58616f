namespace Varlink;

/// <summary>
/// A client connection to a varlink service.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: many callers may use one connection at the same time. Their calls are written in
/// the order they enter the connection (queued calls are batched into one send) and the replies are
/// matched to the calls in that order, as varlink requires. A call sent with <c>more</c> keeps the
/// connection busy until its last reply; calls queued behind it are answered afterwards.
/// </para>
/// <para>
/// Sending: a call made while the connection has no unanswered call is sent at once. A call made
/// while an earlier one still waits for its reply stays in the send buffer (up to 64 KiB) until that
/// reply arrives, and then goes out together with any others made meanwhile: the service answers in
/// order, so it could not have answered it sooner, and a burst of calls costs one send instead of
/// one per call. A service that starts work on a call before answering the earlier ones sees such a
/// call a round trip later than it would otherwise.
/// </para>
/// <para>
/// Threads: over a socket (unix or tcp) the connection reads on a thread of its own, blocked in
/// <c>recv</c>; a reply completes its call on the thread pool, or on that thread with
/// <see cref="VarlinkConnectionOptions.AllowSynchronousContinuations"/>.
/// </para>
/// <para>
/// Cancellation: varlink has no cancel message. A call cancelled before it was written is simply not
/// sent. A call cancelled after it was written — or a streamed call whose enumeration stops before its
/// last reply — ends the connection: the cancelled call throws <see cref="OperationCanceledException"/>
/// and every other call waiting on the connection fails with <see cref="VarlinkConnectionException"/>.
/// Use a separate connection for calls you may want to cancel.
/// </para>
/// <para>
/// Failures: when the connection fails (the peer closes it, breaks the protocol, or an I/O error
/// happens), every waiting call fails with the cause, later calls fail with
/// <see cref="VarlinkConnectionException"/>, and <see cref="Completion"/> completes.
/// </para>
/// </remarks>
public sealed partial class VarlinkConnection : IVarlinkCaller, IAsyncDisposable
{
    private readonly FrameChannel _channel;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Queue<PendingCall> _pending = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private Exception? _closedReason;
    // Calls left in the send buffer behind an earlier unanswered call (see DeferFlush); under _pending.
    private const int DeferredBytesLimit = 64 * 1024;
    private bool _flushOwed;
    private bool _flushScheduled;
    private readonly bool _synchronousContinuations;
    private bool _upgrading;
    private bool _detached;

    /// <summary>Creates a connection over a connected duplex stream; the connection owns the stream.</summary>
    /// <param name="stream">A readable and writable stream, for example from an <see cref="IVarlinkTransport"/>.
    /// A socket's stream (<see cref="System.Net.Sockets.NetworkStream"/>) gets a receive thread of its own.</param>
    /// <param name="options">How the connection behaves (its protocol limits among them); <see cref="VarlinkConnectionOptions.Default"/> when null.</param>
    public VarlinkConnection(Stream stream, VarlinkConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= VarlinkConnectionOptions.Default;
        _synchronousContinuations = options.AllowSynchronousContinuations;
        _channel = new FrameChannel(stream, options.Limits ?? ProtocolLimits.Default, dedicatedReceiveThread: true, countSent: true);
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>
    /// Completes when the connection has ended: successfully when it was disposed, upgraded, or closed
    /// by the service while no call was waiting; faulted with the cause when it failed.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Connects to a varlink address such as <c>unix:/run/org.example.ftl</c>, <c>unix:@name</c>,
    /// <c>tcp:127.0.0.1:12345</c> or <c>exec:/usr/bin/service</c>.</summary>
    /// <param name="address">The varlink address.</param>
    /// <param name="options">How the connection behaves (its protocol limits among them); <see cref="VarlinkConnectionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="VarlinkConnectionException">The service could not be reached.</exception>
    public static ValueTask<VarlinkConnection> ConnectAsync(string address, VarlinkConnectionOptions? options = null, CancellationToken cancellationToken = default)
        => ConnectAsync(VarlinkAddress.CreateTransport(address), options, cancellationToken);

    /// <summary>Opens a connection through a transport.</summary>
    /// <param name="transport">The transport that opens the duplex stream.</param>
    /// <param name="options">How the connection behaves (its protocol limits among them); <see cref="VarlinkConnectionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="VarlinkConnectionException">The service could not be reached.</exception>
    public static async ValueTask<VarlinkConnection> ConnectAsync(IVarlinkTransport transport, VarlinkConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Stream stream;
        try
        {
            stream = await transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or VarlinkException))
        {
            throw new VarlinkConnectionException($"Could not connect to the varlink service: {e.Message}", e);
        }

        return new VarlinkConnection(stream, options);
    }

    /// <summary>
    /// Closes the connection. Calls already written are still sent; calls waiting for a reply fail
    /// with <see cref="VarlinkConnectionException"/>.
    /// </summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Close(new VarlinkConnectionException("The varlink connection was disposed."), graceful: true);
        if (!_detached)
        {
            await _channel.CloseAsync().ConfigureAwait(false);
        }

        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The read loop reports through Completion; disposal does not rethrow.
        }
    }

    /// <summary>Ends the connection for <paramref name="reason"/> and fails every waiting call with it.</summary>
    private void Close(Exception reason, bool graceful)
    {
        PendingCall[] waiting;
        lock (_pending)
        {
            if (_closedReason is not null)
            {
                return;
            }

            _closedReason = reason;
            waiting = _pending.ToArray();
            _pending.Clear();
        }

        _abort.Cancel();
        if (!graceful && !_detached)
        {
            _channel.Abort();
        }

        foreach (var call in waiting)
        {
            call.Fail(reason is OperationCanceledException ? CancelledElsewhere() : reason);
        }

        if (graceful || reason is OperationCanceledException)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(reason);
        }
    }

    private static VarlinkConnectionException CancelledElsewhere()
        => new("The varlink connection was closed because a call that had already been sent was cancelled "
            + "(varlink has no cancel message: the only way to cancel a call is to close its connection).");
}
