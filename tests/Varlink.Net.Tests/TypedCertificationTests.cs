using System.Text.Json;
using Varlink.Tests.Support;
using Varlink.TypedCertification;

namespace Varlink.Tests;

/// <summary>
/// org.varlink.certification redone with the typed API that Varlink.Net.Generator makes
/// (tests/Varlink.Net.TypedCertification), both ways against the Go reference peer.
/// </summary>
[Collection(PeerProcessCollection.Name)]
public sealed class TypedCertificationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempSocket _socket = new();

    private string SocketAddress => _socket.Address;

    public void Dispose() => _socket.Dispose();

    [Fact]
    public async Task TypedClientPassesEveryStepAgainstTheGoServer()
    {
        await using var peer = new PeerProcess(Peers.GoCertification, "-varlink", SocketAddress);
        await using var connection = await GoCertificationTests.ConnectWithRetryAsync(SocketAddress, peer);

        var steps = await TypedCertificationClient.RunAsync(new CertificationProxy(connection)).WaitAsync(Timeout);

        Assert.Equal(CertificationValues.Steps, steps);
    }

    [Fact]
    public async Task GoClientPassesEveryStepAgainstTheTypedServer()
    {
        var service = new TypedCertificationService();
        await using var server = new VarlinkServer();
        service.AddTo(server);
        var address = server.Listen(SocketAddress);

        await using var peer = new PeerProcess(Peers.GoCertification, "-client", "-varlink", address);
        await peer.WaitForExitAsync(Timeout);

        // The Go client exits 0 even when a step fails: its output says whether End returned true.
        Assert.Contains("End: 'true'", peer.Output, StringComparison.Ordinal);
        Assert.Equal(1, service.PassedRuns);
    }

    [Fact]
    public async Task TypedClientPassesEveryStepAgainstTheTypedServer()
    {
        var service = new TypedCertificationService();
        await using var server = new VarlinkServer();
        service.AddTo(server);
        await using var connection = await VarlinkConnection.ConnectAsync(server.Listen(SocketAddress));

        var steps = await TypedCertificationClient.RunAsync(new CertificationProxy(connection)).WaitAsync(Timeout);

        Assert.Equal(CertificationValues.Steps, steps);
        Assert.Equal(1, service.PassedRuns);
    }

    [Fact]
    public async Task DeclaredErrorsArriveAsTheirGeneratedExceptions()
    {
        await using var server = new VarlinkServer();
        new TypedCertificationService().AddTo(server);
        await using var connection = await VarlinkConnection.ConnectAsync(server.Listen(SocketAddress));
        var client = new CertificationProxy(connection);

        var unknown = await Assert.ThrowsAsync<ClientIdErrorException>(() => client.Test01Async("no-such-client"));
        Assert.Equal("org.varlink.certification.ClientIdError", unknown.ErrorName);

        var id = await client.StartAsync();
        var wrong = await Assert.ThrowsAsync<CertificationErrorException>(() => client.Test02Async(id, false));
        Assert.Equal(JsonValueKind.Object, wrong.Wants.ValueKind);
        Assert.Equal("Test02", wrong.Wants.GetProperty("step").GetString());
        Assert.Equal("True", wrong.Wants.GetProperty("value").GetString());
        Assert.Equal("False", wrong.Got.GetProperty("value").GetString());

        // The connection is still usable after error replies.
        Assert.True(await client.Test01Async(id));
    }

    [Fact]
    public async Task StreamedMethodCalledWithoutMoreIsRefusedByTheTypedServer()
    {
        await using var server = new VarlinkServer();
        new TypedCertificationService().AddTo(server);
        await using var connection = await VarlinkConnection.ConnectAsync(server.Listen(SocketAddress));
        var client = new CertificationProxy(connection);
        var id = await client.StartAsync();
        var parameters = JsonSerializer.SerializeToElement(new Test10Parameters { ClientId = id, Mytype = CertificationValues.MyType }, CertificationJsonContext.Test10Parameters);

        var error = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync("org.varlink.certification.Test10", parameters));

        Assert.Equal(CertificationErrorException.QualifiedName, error.ErrorName);
    }
}
