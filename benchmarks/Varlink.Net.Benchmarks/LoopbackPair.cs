using Varlink.TestPeers;

namespace Varlink.Benchmarks;

/// <summary>
/// A Varlink.Net client connected to a Varlink.Net org.example.bench server in the same process,
/// over a unix socket or over the in-memory transport.
/// </summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private readonly VarlinkServer _server;
    private readonly string? _directory;

    private LoopbackPair(VarlinkServer server, VarlinkConnection client, string? directory)
    {
        _server = server;
        Client = client;
        _directory = directory;
    }

    public VarlinkConnection Client { get; }

    /// <summary>Starts the pair; <paramref name="transport"/> is "unix" or "memory".</summary>
    public static async Task<LoopbackPair> StartAsync(string transport)
    {
        var server = BenchServer.CreateServer();
        switch (transport)
        {
            case "unix":
                var directory = Directory.CreateTempSubdirectory("varlink-bdn").FullName;
                var address = "unix:" + Path.Combine(directory, "bench.sock");
                server.Listen(address);
                return new LoopbackPair(server, await VarlinkConnection.ConnectAsync(address), directory);
            case "memory":
                var (client, served) = InMemoryDuplexStream.CreatePair();
                _ = server.ServeAsync(served);
                return new LoopbackPair(server, new VarlinkConnection(client), null);
            default:
                throw new ArgumentException($"unknown transport '{transport}'", nameof(transport));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _server.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
