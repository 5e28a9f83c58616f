namespace Varlink;

/// <summary>How a <see cref="VarlinkConnection"/> behaves.</summary>
public sealed class VarlinkConnectionOptions
{
    /// <summary>The options used when none are given.</summary>
    public static VarlinkConnectionOptions Default { get; } = new();

    /// <summary>The protocol limits the connection enforces.</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>
    /// Whether the code after <c>await</c> on a call (one reply; streamed replies always reach their
    /// consumer on the thread pool) may run on the connection's receive thread, right where the reply
    /// was read. Off (the default), it runs on the thread pool: one more thread
    /// wake-up per reply, and nothing a caller does can hold up the connection. On, a sequential
    /// caller's round trip costs one wake-up on each side, as with blocking sockets in C — but the
    /// connection reads nothing else until that code awaits again, so it must not block: waiting
    /// synchronously (<c>.Result</c>, <c>.Wait()</c>) for another call on the same connection then
    /// deadlocks. The same trade as <c>System.Threading.Channels</c>' option of this name.
    /// </summary>
    public bool AllowSynchronousContinuations { get; init; }
}
