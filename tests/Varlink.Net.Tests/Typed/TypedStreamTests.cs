using Varlink.Tests.Support;

namespace Varlink.Tests.Typed;

/// <summary>Streams through the generated server base and client.</summary>
public sealed class TypedStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TypedService _service = new();
    private readonly VarlinkServer _server = new();
    private VarlinkConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _service.AddTo(_server);
        _connection = await VarlinkConnection.ConnectAsync(new InMemoryDuplex.Transport(_server));
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StreamedReplyReachesTheClientBeforeTheNextOneIsMade()
    {
        // Each item is made only when the test lets it, and the test lets the next one only after
        // the client has the previous: a server that held a reply back until the next existed would
        // never send the first.
        var client = new TypedProxy(_connection);
        await using var items = client.WatchAsync(3).GetAsyncEnumerator();
        for (int i = 1; i <= 3; i++)
        {
            _service.Allowed.Release();
            Assert.True(await items.MoveNextAsync().AsTask().WaitAsync(Timeout));
            Assert.Equal("item" + i, items.Current.Name);
            Assert.Equal(i, _service.Produced);
        }

        Assert.False(await items.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task StreamCalledWithoutMoreGetsOnlyTheFirstReply()
    {
        _service.Allowed.Release(3);
        var reply = await _connection.CallAsync("org.example.typed.Watch", TestService.Json("""{"count":3}""")).WaitAsync(Timeout);
        Assert.Equal("item1", reply.GetProperty("item").GetProperty("name").GetString());
        Assert.Equal(1, _service.Produced);
    }
}
