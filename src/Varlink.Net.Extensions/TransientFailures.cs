using System.Net.Sockets;

namespace Varlink;

/// <summary>The default classification of failures worth a retry.</summary>
public static class TransientFailures
{
    /// <summary>
    /// When an exception in the chain of inner exceptions is an <see cref="ITransientFailure"/> (as the SSH
    /// transport's are), the first one decides: a refused host key or login is not retried, a dropped
    /// session is. Otherwise: true for connection failures caused by I/O (the connection broke, the peer
    /// closed it, the service was unreachable), false for everything else: remote error replies,
    /// protocol violations, bad arguments, cancellation.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether a retry may succeed.</returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ITransientFailure failure)
            {
                return failure.IsTransient;
            }
        }

        return IsTransientByType(exception);
    }

    private static bool IsTransientByType(Exception exception) => exception switch
    {
        VarlinkConnectionException { InnerException: null } => true,
        VarlinkConnectionException { InnerException: { } inner } => IsTransientByType(inner),
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };
}
