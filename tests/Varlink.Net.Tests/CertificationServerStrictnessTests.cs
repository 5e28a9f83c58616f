using System.Text.Json;
using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>Our certification server refuses what the reference Python server refuses.</summary>
public sealed class CertificationServerStrictnessTests : IAsyncLifetime
{
    private const string Prefix = "org.varlink.certification.";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private VarlinkServer _server = null!;
    private VarlinkConnection _connection = null!;
    private string _id = null!;

    public async Task InitializeAsync()
    {
        _server = CertificationServer.CreateServer(out _);
        _connection = await VarlinkConnection.ConnectAsync(new InMemoryDuplex.Transport(_server));
        var start = await _connection.CallAsync(Prefix + "Start").WaitAsync(Timeout);
        _id = start.GetProperty("client_id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static JsonElement Json(string text) => TestService.Json(text);

    [Fact]
    public async Task UnknownClientIdIsAClientIdError()
    {
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => _connection.CallAsync(Prefix + "Test01", Json("""{"client_id":"nope"}""")).WaitAsync(Timeout));
        Assert.Equal(Prefix + "ClientIdError", e.ErrorName);
    }

    [Fact]
    public async Task StepOutOfOrderIsACertificationError()
    {
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => _connection.CallAsync(Prefix + "Test03", Json($$"""{"client_id":"{{_id}}","int":1}""")).WaitAsync(Timeout));
        Assert.Equal(Prefix + "CertificationError", e.ErrorName);
    }

    [Fact]
    public async Task WrongValueIsACertificationError()
    {
        await _connection.CallAsync(Prefix + "Test01", Json($$"""{"client_id":"{{_id}}"}""")).WaitAsync(Timeout);
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => _connection.CallAsync(Prefix + "Test02", Json($$"""{"client_id":"{{_id}}","bool":false}""")).WaitAsync(Timeout));
        Assert.Equal(Prefix + "CertificationError", e.ErrorName);
        Assert.True(e.Parameters.TryGetProperty("wants", out _));
        Assert.True(e.Parameters.TryGetProperty("got", out _));
    }

    [Theory]
    [InlineData("""{"client_id":"ID"}""", "bool")]
    [InlineData("""{"client_id":"ID","bool":true,"extra":1}""", "extra")]
    [InlineData("""{"client_id":"ID","bool":"true"}""", "bool")]
    public async Task MissingUnknownOrMistypedParameterIsAnInvalidParameterNamingIt(string parameters, string name)
    {
        await _connection.CallAsync(Prefix + "Test01", Json($$"""{"client_id":"{{_id}}"}""")).WaitAsync(Timeout);
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => _connection.CallAsync(Prefix + "Test02", Json(parameters.Replace("ID", _id, StringComparison.Ordinal))).WaitAsync(Timeout));
        Assert.Equal("org.varlink.service.InvalidParameter", e.ErrorName);
        Assert.Equal(name, e.Parameters.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task FlagOnAPlainStepIsACertificationError()
    {
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(async () =>
        {
            await foreach (var reply in _connection.CallMoreAsync(Prefix + "Test01", Json($$"""{"client_id":"{{_id}}"}""")))
            {
            }
        }).WaitAsync(Timeout);
        Assert.Equal(Prefix + "CertificationError", e.ErrorName);
    }
}
