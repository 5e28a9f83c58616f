namespace Varlink;

/// <summary>Settings of a <see cref="VarlinkClient"/>: where to connect and how to retry.</summary>
public sealed class VarlinkClientOptions
{
    /// <summary>
    /// A varlink address for the core transports (<c>unix:/path</c>, <c>tcp:host:port</c>, <c>exec:/path</c>).
    /// Ignored when <see cref="TransportFactory"/> is set.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>
    /// Creates the transport (e.g. an SSH transport) from the service provider; takes precedence over
    /// <see cref="Address"/>. A transport that is disposable is disposed with the client.
    /// </summary>
    public Func<IServiceProvider, IVarlinkTransport>? TransportFactory { get; set; }

    /// <summary>The protocol limits of each connection; <see cref="ProtocolLimits.Default"/> when null.</summary>
    public ProtocolLimits? Limits { get; set; }

    /// <summary>How many times a failed connection attempt is retried (3 by default; 0 turns retries off).</summary>
    public int ConnectRetries { get; set; } = 3;

    /// <summary>
    /// How many times a call marked idempotent is retried on a new connection after its connection
    /// failed (2 by default). Calls not marked idempotent, streamed calls, oneway calls and upgrades are
    /// never retried.
    /// </summary>
    public int IdempotentCallRetries { get; set; } = 2;

    /// <summary>
    /// Methods (fully-qualified names) that may safely run twice, so that a call of one of them through
    /// <see cref="IVarlinkCaller"/> (a generated proxy, say) is retried like a call marked idempotent.
    /// Empty by default: nothing is retried unless it is named here or marked at the call.
    /// </summary>
    public ISet<string> IdempotentMethods { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// How many streamed calls may be open at once (8 by default). Each stream has a connection of its
    /// own, so this bounds the connections a client opens besides its shared one; a stream started
    /// beyond it waits until another ends.
    /// </summary>
    public int MaxStreamConnections { get; set; } = 8;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter (200 ms by default).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Tells whether a failure may go away on retry. The default (<see cref="TransientFailures.IsTransient"/>)
    /// lets a transport's <see cref="ITransientFailure"/> decide (the SSH transport's refused host key or
    /// login is never retried), and otherwise retries I/O and connection failures and nothing else.
    /// </summary>
    public Func<Exception, bool> IsTransientFailure { get; set; } = TransientFailures.IsTransient;

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> naming the first wrong one.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public void Validate()
    {
        if (TransportFactory is null && string.IsNullOrWhiteSpace(Address))
        {
            throw new ArgumentException("Set Address or TransportFactory.", nameof(Address));
        }

        if (ConnectRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectRetries), ConnectRetries, "Must be 0 or more.");
        }

        if (IdempotentCallRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IdempotentCallRetries), IdempotentCallRetries, "Must be 0 or more.");
        }

        if (MaxStreamConnections < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStreamConnections), MaxStreamConnections, "Must be 1 or more.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "Must not be negative.");
        }

        ArgumentNullException.ThrowIfNull(IsTransientFailure, nameof(IsTransientFailure));
    }
}
