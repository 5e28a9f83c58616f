using System.Net.Sockets;
using System.Text.Json;
using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>Addresses and transports: tcp, exec (a program's stdin/stdout), the resolver, stale and live sockets.</summary>
[Collection(PeerProcessCollection.Name)]
public sealed class TransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string PeersProgram => Path.Combine(AppContext.BaseDirectory, "Varlink.Net.TestPeers");

    [Theory]
    [InlineData("unix:/run/x", "unix", "/run/x")]
    [InlineData("unix:/run/x;mode=0600", "unix", "/run/x")]
    [InlineData("unix:@abstract", "unix", "@abstract")]
    [InlineData("tcp:127.0.0.1:1234", "tcp", "127.0.0.1:1234")]
    [InlineData("tcp:[::1]:1234", "tcp", "[::1]:1234")]
    [InlineData("exec:/usr/bin/ssh host varlink bridge", "exec", "/usr/bin/ssh host varlink bridge")]
    public void AddressesAreParsed(string address, string scheme, string target)
    {
        var parsed = VarlinkAddress.Parse(address);
        Assert.Equal(scheme, parsed.Scheme);
        Assert.Equal(target, parsed.Target);
    }

    [Fact]
    public void AddressPropertiesAreRead()
        => Assert.Equal("0600", VarlinkAddress.Parse("unix:/run/x;mode=0600;other=1").GetProperty("mode"));

    [Fact]
    public void EmptyAddressIsRefused() => Assert.Throws<ArgumentException>(() => VarlinkAddress.CreateTransport(""));

    [Theory]
    [InlineData("/run/x")]
    [InlineData("unix:")]
    [InlineData("tcp:host")]
    [InlineData("tcp:host:port")]
    [InlineData("tcp:host:70000")]
    [InlineData("http://example.org")]
    public void BadAddressesAreRefused(string address)
        => Assert.Throws<FormatException>(() => VarlinkAddress.CreateTransport(address));

    [Fact]
    public void TransportsAreMadeFromAddresses()
    {
        Assert.IsType<UnixSocketTransport>(VarlinkAddress.CreateTransport("unix:/run/x"));
        var tcp = Assert.IsType<TcpTransport>(VarlinkAddress.CreateTransport("tcp:[::1]:80"));
        Assert.Equal("::1", tcp.Host);
        var exec = Assert.IsType<ProcessTransport>(VarlinkAddress.CreateTransport("exec:/bin/prog a b"));
        Assert.Equal("/bin/prog", exec.FileName);
        Assert.Equal(["a", "b"], exec.Arguments);
    }

    [Fact]
    public async Task ConnectingToAMissingSocketIsAConnectionError()
    {
        using var socket = new TempSocket();
        var e = await Assert.ThrowsAsync<VarlinkConnectionException>(() => VarlinkConnection.ConnectAsync(socket.Address).AsTask());
        Assert.Contains(socket.Path, e.Message);
    }

    [Fact]
    public async Task TcpServerOnAFreePortServesATcpClient()
    {
        await using var server = CertificationServer.CreateServer(out _);
        string address = server.Listen("tcp:127.0.0.1:0");
        Assert.Matches(@"^tcp:127\.0\.0\.1:[1-9][0-9]*$", address);
        await using var connection = await VarlinkConnection.ConnectAsync(address);
        var steps = await CertificationClient.RunAsync(connection).WaitAsync(Timeout);
        Assert.Equal(CertificationData.Steps, steps);
    }

    [Fact]
    public async Task ExecAddressTalksToAProgramOverItsStandardInputAndOutput()
    {
        await using var connection = await VarlinkConnection.ConnectAsync($"exec:{PeersProgram} serve-stdio --service certification");
        var steps = await CertificationClient.RunAsync(connection).WaitAsync(Timeout);
        Assert.Equal(CertificationData.Steps, steps);
    }

    [Fact]
    public async Task ShellCommandBridgeCarriesStreamsAndLargeMessages()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(ProcessTransport.FromShellCommand($"exec '{PeersProgram}' serve-stdio --service bench"));
        var json = BenchJsonContext.Default;
        var blob = new string('q', 1 << 20);
        var echo = await connection.CallAsync("org.example.bench.Echo", new EchoMessage(blob), json.EchoMessage, json.EchoMessage).WaitAsync(Timeout);
        Assert.Equal(blob, echo.Blob);
        int count = 0;
        await foreach (var reply in connection.CallMoreAsync("org.example.bench.Stream", new StreamParameters(1000, 8), json.StreamParameters, json.StreamReply).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            count++;
        }

        Assert.Equal(1000, count);
    }

    [Fact]
    public async Task ExecOfAMissingProgramIsAConnectionError()
        => await Assert.ThrowsAsync<VarlinkConnectionException>(() => VarlinkConnection.ConnectAsync("exec:/nonexistent/program").AsTask());

    [Fact]
    public async Task ResolverFindsTheAddressOfAnInterface()
    {
        using var resolverSocket = new TempSocket();
        using var serviceSocket = new TempSocket();
        await using var service = CertificationServer.CreateServer(out _);
        string serviceAddress = service.Listen(serviceSocket.Address);
        await using var resolver = new VarlinkServer();
        resolver.AddInterface(ResolverDescription, async (call, ct) =>
        {
            string name = call.Parameters.GetProperty("interface").GetString()!;
            if (name != CertificationData.Interface)
            {
                throw new VarlinkRemoteException("org.varlink.resolver.InterfaceNotFound", TestService.Json($$"""{"interface":"{{name}}"}"""));
            }

            await call.ReplyAsync(TestService.Json($$"""{"address":"{{serviceAddress}}"}"""), cancellationToken: ct);
        });
        string resolverAddress = resolver.Listen(resolverSocket.Address);

        Assert.Equal(serviceAddress, await VarlinkResolver.ResolveAsync(CertificationData.Interface, resolverAddress).WaitAsync(Timeout));
        await using (var connection = await VarlinkResolver.ConnectAsync(CertificationData.Interface, resolverAddress).WaitAsync(Timeout))
        {
            var info = await connection.CallAsync("org.varlink.service.GetInfo").WaitAsync(Timeout);
            Assert.Contains(CertificationData.Interface, info.GetProperty("interfaces").EnumerateArray().Select(i => i.GetString()));
        }

        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => VarlinkResolver.ResolveAsync("org.nope", resolverAddress).WaitAsync(Timeout));
        Assert.Equal("org.varlink.resolver.InterfaceNotFound", e.ErrorName);
    }

    [Fact]
    public async Task StaleSocketFileIsReplacedButALiveOneIsNot()
    {
        using var socket = new TempSocket();
        await using (var killed = new PeerProcess(Peers.GoPeer("bench-server"), "--varlink", socket.Address))
        {
            // Killed without a chance to clean up, it leaves its socket file behind.
            await killed.WaitForSocketAsync(socket.Path, Timeout);
        }

        Assert.True(File.Exists(socket.Path));
        await using var server = CertificationServer.CreateServer(out _);
        server.Listen(socket.Address);
        await using var other = CertificationServer.CreateServer(out _);
        Assert.Throws<VarlinkConnectionException>(() => other.Listen(socket.Address));
        await using var connection = await VarlinkConnection.ConnectAsync(socket.Address);
        await connection.CallAsync("org.varlink.service.GetInfo").WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SocketActivatedServerServesThePassedSocket(bool accept)
    {
        using var socket = new TempSocket();
        string[] arguments = accept
            ? ["--accept", "-l", socket.Path, PeersProgram, "serve-activated", "--service", "certification"]
            : ["-l", socket.Path, PeersProgram, "serve-activated", "--service", "certification"];
        await using var activator = new PeerProcess("/usr/bin/systemd-socket-activate", arguments);
        Assert.True(File.Exists("/usr/bin/systemd-socket-activate"), "systemd-socket-activate is missing: install the systemd package (scripts/deps.d/varlink-net.txt).");
        await activator.WaitForSocketAsync(socket.Path, Timeout);
        await using var connection = await GoCertificationTests.ConnectWithRetryAsync(socket.Address, activator);
        var steps = await CertificationClient.RunAsync(connection).WaitAsync(Timeout);
        Assert.Equal(CertificationData.Steps, steps);
    }

    private const string ResolverDescription = """
        interface org.varlink.resolver

        method GetInfo() -> (vendor: string, product: string, version: string, url: string, interfaces: []string)

        method Resolve(interface: string) -> (address: string)

        error InterfaceNotFound (interface: string)
        """;
}
