using System.Net;
using System.Net.Sockets;

namespace Varlink;

/// <summary>
/// Connects a socket with a blocking <c>connect</c>, on a thread-pool thread, so that the socket stays
/// in blocking mode: on Linux an async socket operation switches the descriptor to non-blocking for
/// good, and then the connection's receive thread (see FrameChannel.Socket.cs) would wait through the
/// runtime's epoll thread instead of in <c>recv</c>.
/// </summary>
internal static class BlockingConnect
{
    /// <summary>Connects <paramref name="socket"/> to <paramref name="endPoint"/>; cancelling closes the socket.</summary>
    public static async Task ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            await Task.Run(() => socket.Connect(endPoint), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
        {
            throw new OperationCanceledException("Connecting was cancelled.", e, cancellationToken);
        }
    }
}
