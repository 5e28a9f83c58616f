using System.Net.Sockets;

namespace Varlink;

/// <summary>The default classification of failures worth a retry.</summary>
public static class TransientFailures
{
    /// <summary>
    /// True for connection failures caused by I/O (the connection broke, the peer closed it, the service
    /// was unreachable), false for everything else: remote error replies, protocol violations, bad
    /// arguments, cancellation.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether a retry may succeed.</returns>
    public static bool IsTransient(Exception exception) => exception switch
    {
        VarlinkConnectionException { InnerException: null } => true,
        VarlinkConnectionException { InnerException: { } inner } => IsTransient(inner),
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };
}
