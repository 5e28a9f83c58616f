using System.Collections.Concurrent;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>
/// VarlinkClient (Varlink.Net.Extensions) against the test service over a real unix socket: streams run
/// on connections of their own, so they neither hold nor break the shared connection's calls.
/// </summary>
public sealed class VarlinkClientStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestService _service = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly TempSocket _socket = new();
    private VarlinkServer _server = null!;
    private string _path = null!;

    public Task InitializeAsync()
    {
        _server = _service.CreateServer(_failures.Enqueue);
        _server.Listen(_socket.Address);
        _path = _socket.Path;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _service.Gate.TrySetResult();
        await _server.DisposeAsync();
        _socket.Dispose();
    }

    private VarlinkClient CreateClient(int maxStreams = 8)
        => new(new UnixSocketTransport(_path), new VarlinkClientOptions { MaxStreamConnections = maxStreams, ConnectRetries = 0 });

    [Fact]
    public async Task CallIsAnsweredWhileAStreamIsOpen()
    {
        await using var client = CreateClient();

        // Hold sends one reply, then waits for the gate, which opens only after the call below is
        // answered: on a shared connection the call would wait behind the stream for ever.
        await using var stream = client.CallMoreAsync("org.example.test.Hold").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, stream.Current.GetProperty("i").GetInt32());

        var reply = await client.CallAsync("org.example.test.Hello", TestService.Json("""{"name":"beside"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello beside", reply.GetProperty("greeting").GetString());

        _service.Gate.TrySetResult();
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(2, stream.Current.GetProperty("i").GetInt32());
        Assert.False(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task StreamAbandonedEarlyDoesNotFailACallInFlight()
    {
        await using var client = CreateClient();
        var stream = client.CallMoreAsync("org.example.test.Idle").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));

        // A call in flight on the shared connection, parked in its handler.
        var parked = client.CallAsync("org.example.test.Park");
        Assert.True(await _service.Parked.WaitAsync(Timeout), "the call did not reach its handler while the stream was open");

        // Leaving the stream early closes its connection: the idle handler learns it, the call does not.
        await stream.DisposeAsync();
        Assert.True(await _service.IdleEnded.WaitAsync(Timeout), "the abandoned stream's handler did not end");
        Assert.False(parked.IsCompleted, "the parked call ended with the stream");

        _service.Unpark.Release();
        var reply = await parked.WaitAsync(Timeout);
        Assert.True(reply.GetProperty("done").GetBoolean());

        // And the shared connection is still the one in use, still working.
        var hello = await client.CallAsync("org.example.test.Hello", TestService.Json("""{"name":"after"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello after", hello.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task StreamsBeyondTheBoundWaitForOneToEnd()
    {
        await using var client = CreateClient(maxStreams: 1);
        var first = client.CallMoreAsync("org.example.test.Idle").GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync().AsTask().WaitAsync(Timeout));

        var second = client.CallMoreAsync("org.example.test.Count", TestService.Json("""{"n":2}""")).GetAsyncEnumerator();
        var secondStarted = second.MoveNextAsync().AsTask();

        // While the first stream holds the only slot, the second is not even sent: a call on the
        // shared connection proves the server has had time to see it, had it been sent.
        await client.CallAsync("org.example.test.Hello", TestService.Json("""{"name":"x"}""")).WaitAsync(Timeout);
        Assert.False(secondStarted.IsCompleted, "a stream beyond MaxStreamConnections was opened");
        Assert.Equal(2, _server.ConnectionCount);

        await first.DisposeAsync();
        Assert.True(await secondStarted.WaitAsync(Timeout));
        Assert.Equal(1, second.Current.GetProperty("i").GetInt32());
        Assert.True(await second.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.False(await second.MoveNextAsync().AsTask().WaitAsync(Timeout));
        await second.DisposeAsync();
    }

    [Fact]
    public void MaxStreamConnectionsBelowOneIsRefusedNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new VarlinkClientOptions { Address = "unix:/x", MaxStreamConnections = 0 }.Validate());
        Assert.Equal(nameof(VarlinkClientOptions.MaxStreamConnections), e.ParamName);
    }
}

/// <summary>VarlinkClient's byte counters, counted inside the core (no stream wrapper), alone so no other test's bytes count.</summary>
[Collection(ThreadCountingCollection.Name)]
public sealed class VarlinkClientByteCountTests
{
    [Fact]
    public async Task BytesSentAndReceivedAreTheFramesOnTheWire()
    {
        var service = new TestService();
        using var socket = new TempSocket();
        await using var server = service.CreateServer();
        server.Listen(socket.Address);
        long sent = 0, received = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == VarlinkTelemetry.MeterName && instrument.Name is "varlink.client.bytes_sent" or "varlink.client.bytes_received")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "varlink.client.bytes_sent")
            {
                Interlocked.Add(ref sent, value);
            }
            else
            {
                Interlocked.Add(ref received, value);
            }
        });
        listener.Start();

        await using (var client = new VarlinkClient(new UnixSocketTransport(socket.Path)))
        {
            await client.CallAsync("org.example.test.Hello", TestService.Json("""{"name":"x"}""")).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal("""{"method":"org.example.test.Hello","parameters":{"name":"x"}}""".Length + 1, Interlocked.Read(ref sent));
        Assert.Equal("""{"parameters":{"greeting":"Hello x"}}""".Length + 1, Interlocked.Read(ref received));
    }
}
