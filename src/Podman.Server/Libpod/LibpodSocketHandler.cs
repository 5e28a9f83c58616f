using System.Net.Sockets;

namespace Podman.Server.Libpod;

/// <summary>An HTTP handler whose connections are unix-socket connections to one path.</summary>
internal static class LibpodSocketHandler
{
    /// <summary>Creates a handler that connects to <paramref name="socketPath"/> for every connection.</summary>
    public static SocketsHttpHandler Create(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // podman closes idle API connections itself; keep ours shorter than its idle timeout.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
