using System.IO.Pipelines;

namespace Varlink.Tests.Support;

/// <summary>Two connected in-memory duplex streams: what one writes, the other reads.</summary>
internal static class InMemoryDuplex
{
    public static (Stream Client, Stream Server) CreatePair()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var client = new DuplexStream(toClient.Reader.AsStream(), toServer.Writer.AsStream());
        var server = new DuplexStream(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        return (client, server);
    }

    /// <summary>An <see cref="IVarlinkTransport"/> whose connections are served in memory by a server.</summary>
    public sealed class Transport(VarlinkServer server) : IVarlinkTransport
    {
        public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
        {
            var (client, serverSide) = CreatePair();
            _ = server.ServeAsync(serverSide, CancellationToken.None);
            return ValueTask.FromResult(client);
        }
    }
}
