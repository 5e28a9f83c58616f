using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>org.varlink.certification both ways against the Go reference implementation (varlink-go-certification).</summary>
[Collection(PeerProcessCollection.Name)]
public sealed class GoCertificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Addresses => new() { "unix", "unix-abstract", "tcp" };

    private static string AddressFor(string kind, TempSocket socket) => kind switch
    {
        "unix" => socket.Address,
        "unix-abstract" => "unix:@" + Path.GetFileName(socket.Path),
        "tcp" => "tcp:127.0.0.1:" + FreeTcpPort(),
        _ => throw new ArgumentException(kind),
    };

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task OurClientPassesEveryStepAgainstTheGoServer(string kind)
    {
        using var socket = new TempSocket();
        string address = AddressFor(kind, socket);
        await using var server = new PeerProcess(Peers.GoCertification, "-varlink", address);
        await using var connection = await ConnectWithRetryAsync(address, server);
        var steps = await CertificationClient.RunAsync(connection).WaitAsync(Timeout);
        Assert.Equal(CertificationData.Steps, steps);
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task GoClientPassesEveryStepAgainstOurServer(string kind)
    {
        using var socket = new TempSocket();
        await using var server = CertificationServer.CreateServer(out var service);
        string address = server.Listen(AddressFor(kind, socket));
        await using var client = new PeerProcess(Peers.GoCertification, "-client", "-varlink", address);
        await client.WaitForExitAsync(Timeout);

        // Its exit code is 0 even when a step fails: read what it printed.
        Assert.Contains("End: 'true'", client.Output);
        Assert.Equal(1, service.PassedRuns);
    }

    [Fact]
    public async Task OurClientPassesEveryStepAgainstOurServer()
    {
        await using var server = CertificationServer.CreateServer(out var service);
        await using var connection = await VarlinkConnection.ConnectAsync(new InMemoryDuplex.Transport(server));
        var steps = await CertificationClient.RunAsync(connection).WaitAsync(Timeout);
        Assert.Equal(CertificationData.Steps, steps);
        Assert.Equal(1, service.PassedRuns);
    }

    internal static async Task<VarlinkConnection> ConnectWithRetryAsync(string address, PeerProcess peer)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await VarlinkConnection.ConnectAsync(address);
            }
            catch (VarlinkConnectionException) when (watch.Elapsed < Timeout && !peer.HasExited)
            {
                await Task.Delay(50);
            }
            catch (VarlinkConnectionException e)
            {
                throw new InvalidOperationException($"Could not reach the peer at {address}:\n{peer.Output}", e);
            }
        }
    }
}
