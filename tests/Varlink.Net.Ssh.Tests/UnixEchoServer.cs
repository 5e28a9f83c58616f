using System.Net.Sockets;

namespace Varlink.Ssh.Tests;

/// <summary>
/// A unix socket server for raw byte tests: echoes every byte back, and when the client half-closes,
/// writes <see cref="Trailer"/> and closes. Serves any number of connections.
/// </summary>
internal sealed class UnixEchoServer : IAsyncDisposable
{
    public static readonly byte[] Trailer = "<eof>"u8.ToArray();

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public UnixEchoServer(string path)
    {
        Path = path;
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public string Path { get; }

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => EchoAsync(client));
        }
    }

    private static async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read));
                }

                await client.SendAsync(Trailer);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Client went away.
            }
        }
    }
}
