using System.Net.Sockets;

namespace Varlink;

/// <summary>Connects to a unix domain socket: a path, or an abstract name written <c>@name</c>.</summary>
public sealed class UnixSocketTransport : IVarlinkTransport
{
    /// <summary>Creates the transport.</summary>
    /// <param name="path">The socket path, or <c>@name</c> for a Linux abstract socket.</param>
    public UnixSocketTransport(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    /// <summary>The socket path, or <c>@name</c> for an abstract socket.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await BlockingConnect.ConnectAsync(socket, CreateEndPoint(Path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new VarlinkConnectionException($"Could not connect to unix:{Path}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The endpoint for a path or an <c>@abstract</c> name (a leading NUL, no trailing NUL).</summary>
    internal static UnixDomainSocketEndPoint CreateEndPoint(string path)
        => new(path.StartsWith('@') ? "\0" + path[1..] : path);

    /// <inheritdoc />
    public override string ToString() => "unix:" + Path;
}
