namespace Varlink;

/// <summary>Who the server says it is (org.varlink.service.GetInfo) and how it behaves.</summary>
public sealed class VarlinkServerOptions
{
    /// <summary>The vendor reported by GetInfo.</summary>
    public string Vendor { get; init; } = "Varlink.Net";

    /// <summary>The product reported by GetInfo.</summary>
    public string Product { get; init; } = "Varlink.Net service";

    /// <summary>The version reported by GetInfo.</summary>
    public string Version { get; init; } = "1";

    /// <summary>The URL reported by GetInfo.</summary>
    public string Url { get; init; } = "https://varlink.org";

    /// <summary>The protocol limits every connection enforces.</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>
    /// Whether each socket connection (unix or tcp) gets its own receive thread, blocked in
    /// <c>recv</c>, that runs the connection's calls as they arrive. On (the default), a call costs
    /// one thread wake-up instead of the epoll thread's and a thread-pool thread's: the lowest latency
    /// for the few long-lived connections varlink services have. Turn it off for thousands of
    /// connections: they then share the runtime's async socket machinery and the thread pool.
    /// Streams given to <see cref="VarlinkServer.ServeAsync(Stream, CancellationToken)"/> are read
    /// asynchronously either way, unless they are a <see cref="System.Net.Sockets.NetworkStream"/>.
    /// </summary>
    public bool ThreadPerConnection { get; init; } = true;

    /// <summary>
    /// Told about each connection that ended in a failure: malformed input, a handler that threw
    /// something other than a declared varlink error, a broken socket. The server goes on serving the
    /// other connections. Called on a thread-pool thread; must not throw.
    /// </summary>
    public Action<Exception>? ConnectionFailed { get; init; }
}
