using System.Text.Json;
using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>org.example.bench against the Go reference peers (bench-server and bench-client from varlink/go).</summary>
[Collection(PeerProcessCollection.Name)]
public sealed class GoBenchPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly BenchJsonContext Json = BenchJsonContext.Default;

    [Fact]
    public async Task OurClientExchangesPingStreamAndEchoWithTheGoServer()
    {
        using var socket = new TempSocket();
        await using var server = new PeerProcess(Peers.GoPeer("bench-server"), "--varlink", socket.Address);
        await using var connection = await GoCertificationTests.ConnectWithRetryAsync(socket.Address, server);

        var pong = await connection.CallAsync("org.example.bench.Ping", new PingParameters("hello"), Json.PingParameters, Json.PingReply).WaitAsync(Timeout);
        Assert.Equal("hello", pong.Pong);

        long replies = 0;
        using (var cancel = new CancellationTokenSource(Timeout))
        {
            await foreach (var reply in connection.CallMoreAsync("org.example.bench.Stream", new StreamParameters(10_000, 16), Json.StreamParameters, Json.StreamReply, cancel.Token))
            {
                Assert.Equal(new string('x', 16), reply.Data);
                replies++;
            }
        }

        Assert.Equal(10_000, replies);

        var blob = string.Create(1 << 20, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        var echo = await connection.CallAsync("org.example.bench.Echo", new EchoMessage(blob), Json.EchoMessage, Json.EchoMessage).WaitAsync(Timeout);
        Assert.Equal(blob, echo.Blob);

        var single = await connection.CallAsync("org.example.bench.Stream", new StreamParameters(5, 3), Json.StreamParameters, Json.StreamReply).WaitAsync(Timeout);
        Assert.Equal("xxx", single.Data);

        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync("org.example.bench.Stream", new StreamParameters(0, 3), Json.StreamParameters, Json.StreamReply).WaitAsync(Timeout));
        Assert.Equal("org.varlink.service.InvalidParameter", e.ErrorName);
        Assert.Equal("count", e.Parameters.GetProperty("parameter").GetString());

        var info = await connection.CallAsync("org.varlink.service.GetInfo").WaitAsync(Timeout);
        Assert.Contains("org.example.bench", info.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task GoClientMeasuresOurServer()
    {
        using var socket = new TempSocket();
        await using var server = BenchServer.CreateServer();
        string address = server.Listen(socket.Address);
        await using var client = new PeerProcess(Peers.GoPeer("bench-client"), "--varlink", address, "--duration", "0.3", "--echo-size", "65536", "--stream-count", "1000");
        int exit = await client.WaitForExitAsync(Timeout);
        Assert.True(exit == 0, client.Output);
        foreach (var figure in new[] { "seq_calls_per_s", "pipelined_calls_per_s", "stream_replies_per_s", "echo_mib_per_s" })
        {
            Assert.Matches($"RESULT {figure} [0-9.]+", client.Output);
        }
    }

    [Fact]
    public async Task OurServerStreamsTenThousandRepliesAndEchoesAMebibyte()
    {
        using var socket = new TempSocket();
        await using var server = BenchServer.CreateServer();
        string address = server.Listen(socket.Address);
        await using var connection = await VarlinkConnection.ConnectAsync(address);
        long replies = 0;
        await foreach (var reply in connection.CallMoreAsync("org.example.bench.Stream", JsonDocument.Parse("""{"count":10000,"size":16}""").RootElement).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            Assert.Equal(16, reply.GetProperty("data").GetString()!.Length);
            replies++;
        }

        Assert.Equal(10_000, replies);
        var blob = new string('z', 1 << 20);
        var echo = await connection.CallAsync("org.example.bench.Echo", new EchoMessage(blob), Json.EchoMessage, Json.EchoMessage).WaitAsync(Timeout);
        Assert.Equal(blob, echo.Blob);
    }
}
