using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>Client and server against each other; run over an in-memory pair and over real unix sockets.</summary>
public abstract class ClientServerTests : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    internal TestService Service { get; } = new();

    protected VarlinkServer Server { get; private set; } = null!;

    protected ConcurrentQueue<Exception> Failures { get; } = new();

    /// <summary>Whether the server gives each socket connection its own receive thread.</summary>
    protected virtual bool ThreadPerConnection => true;

    public virtual Task InitializeAsync()
    {
        Server = Service.CreateServer(Failures.Enqueue, ThreadPerConnection);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    protected abstract Task<VarlinkConnection> ConnectAsync();

    protected static JsonElement Json(string text) => TestService.Json(text);

    [Fact]
    public async Task StreamedReplyIsSentWhileTheHandlerWaits()
    {
        // The server gathers "continues" replies while a handler runs without waiting; the one written
        // before the handler waits must still go out, not sit behind the wait.
        await using var connection = await ConnectAsync();
        await using var replies = connection.CallMoreAsync("org.example.test.Hold").GetAsyncEnumerator();
        Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, replies.Current.GetProperty("i").GetInt32());
        Service.Gate.TrySetResult();
        Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(2, replies.Current.GetProperty("i").GetInt32());
        Assert.False(await replies.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task IdleStreamHandlerEndsWithinASecondOfItsClientLeaving()
    {
        // An event stream with nothing happening: its handler waits on its token, which must fire
        // when the client goes away (the server learns it from the end of the client's input).
        var connection = await ConnectAsync();
        var replies = connection.CallMoreAsync("org.example.test.Idle").GetAsyncEnumerator();
        Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(1, Service.IdleHandlers);
        long left = Stopwatch.GetTimestamp();
        await connection.DisposeAsync();
        await replies.DisposeAsync();
        Assert.True(await Service.IdleEnded.WaitAsync(Timeout), "The idle handler did not end after its client left.");
        Assert.True(Service.IdleEndTimes.TryDequeue(out long ended));
        var elapsed = Stopwatch.GetElapsedTime(left, ended);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"The idle handler ended {elapsed.TotalMilliseconds:F0} ms after its client left.");
        Assert.Equal(0, Service.IdleHandlers);
    }

    [Fact]
    public async Task NoHandlerOrConnectionIsLeftAfterAHundredIdleStreamClientsLeave()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            var connection = await ConnectAsync();
            var replies = connection.CallMoreAsync("org.example.test.Idle").GetAsyncEnumerator();
            Assert.True(await replies.MoveNextAsync().AsTask().WaitAsync(Timeout));
            return (connection, replies);
        }));
        Assert.Equal(100, Service.IdleHandlers);
        foreach (var (connection, replies) in clients)
        {
            await connection.DisposeAsync();
            await replies.DisposeAsync();
        }

        for (int i = 0; i < 100; i++)
        {
            Assert.True(await Service.IdleEnded.WaitAsync(Timeout), $"Only {i} of 100 idle handlers ended after their clients left.");
        }

        Assert.Equal(0, Service.IdleHandlers);
        await Server.ConnectionsEndedAsync().WaitAsync(Timeout);
        Assert.Equal(0, Server.ConnectionCount);
    }

    [Fact]
    public async Task CallReturnsReplyParameters()
    {
        await using var connection = await ConnectAsync();
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"you"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello you", reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task TypedCallRoundTrips()
    {
        await using var connection = await ConnectAsync();
        var reply = await connection.CallAsync("org.example.test.Hello", new NameParameters("typed"), VarlinkTestJsonContext.Default.NameParameters, VarlinkTestJsonContext.Default.GreetingReply).WaitAsync(Timeout);
        Assert.Equal("Hello typed", reply.Greeting);
    }

    [Fact]
    public async Task ReplyWithoutParametersReadsAsEmptyObject()
    {
        await using var connection = await ConnectAsync();
        var reply = await connection.CallAsync("org.example.test.Notify", Json("""{"text":"x"}""")).WaitAsync(Timeout);
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        Assert.Empty(reply.EnumerateObject());
    }

    [Fact]
    public async Task GetInfoDescribesTheServiceAndListsInterfacesSorted()
    {
        await using var connection = await ConnectAsync();
        var info = await connection.CallAsync("org.varlink.service.GetInfo").WaitAsync(Timeout);
        Assert.Equal("Tests", info.GetProperty("vendor").GetString());
        Assert.Equal("org.example.test", info.GetProperty("product").GetString());
        Assert.Equal("7", info.GetProperty("version").GetString());
        Assert.Equal("https://example.org", info.GetProperty("url").GetString());
        Assert.Equal(["org.example.test", "org.varlink.service"], info.GetProperty("interfaces").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task GetInterfaceDescriptionReturnsTheInterfaceText()
    {
        await using var connection = await ConnectAsync();
        var reply = await connection.CallAsync("org.varlink.service.GetInterfaceDescription", Json("""{"interface":"org.example.test"}""")).WaitAsync(Timeout);
        Assert.Equal(TestService.Description, reply.GetProperty("description").GetString());
        var service = await connection.CallAsync("org.varlink.service.GetInterfaceDescription", Json("""{"interface":"org.varlink.service"}""")).WaitAsync(Timeout);
        Assert.Contains("interface org.varlink.service", service.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("org.varlink.service.GetInterfaceDescription", """{"interface":"org.nope"}""", "org.varlink.service.InterfaceNotFound", "interface", "org.nope")]
    [InlineData("org.nope.Method", "{}", "org.varlink.service.InterfaceNotFound", "interface", "org.nope")]
    [InlineData("org.example.test.Nope", "{}", "org.varlink.service.MethodNotFound", "method", "org.example.test.Nope")]
    [InlineData("org.example.test.NotDone", "{}", "org.varlink.service.MethodNotImplemented", "method", "org.example.test.NotDone")]
    [InlineData("org.example.test.Fail", """{"kind":"bad"}""", "org.varlink.service.InvalidParameter", "parameter", "kind")]
    [InlineData("org.example.test.Fail", """{"kind":"declared"}""", "org.example.test.Broken", "reason", "on purpose")]
    public async Task ErrorsCarryTheirNameAndParameters(string method, string parameters, string error, string key, string value)
    {
        await using var connection = await ConnectAsync();
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync(method, Json(parameters)).WaitAsync(Timeout));
        Assert.Equal(error, e.ErrorName);
        Assert.Equal(value, e.Parameters.GetProperty(key).GetString());

        // An error reply leaves the connection usable.
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"again"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello again", reply.GetProperty("greeting").GetString());
    }

    [Theory]
    [InlineData("org.example.test.Hello", "{}", "name")]
    [InlineData("org.example.test.Hello", """{"name":"x","age":3}""", "age")]
    [InlineData("org.example.test.Hello", """{"name":3}""", "name")]
    [InlineData("org.example.test.Hello", """{"name":null}""", "name")]
    [InlineData("org.example.test.Count", """{"n":1.5}""", "n")]
    [InlineData("org.example.test.Echo", """{"item":{"name":"a","size":"big"}}""", "item.size")]
    [InlineData("org.example.test.Echo", """{"item":{"name":"a","size":1},"tags":[1]}""", "tags[0]")]
    public async Task ParametersNotFittingTheInterfaceAreRefusedNamingTheParameter(string method, string parameters, string name)
    {
        await using var connection = await ConnectAsync();
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync(method, Json(parameters)).WaitAsync(Timeout));
        Assert.Equal("org.varlink.service.InvalidParameter", e.ErrorName);
        Assert.Equal(name, e.Parameters.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task NullableParametersMayBeAbsentOrNull()
    {
        await using var connection = await ConnectAsync();
        var absent = await connection.CallAsync("org.example.test.Echo", Json("""{"item":{"name":"a","size":1}}""")).WaitAsync(Timeout);
        var nulled = await connection.CallAsync("org.example.test.Echo", Json("""{"item":{"name":"a","size":1},"tags":null}""")).WaitAsync(Timeout);
        Assert.Equal(1, absent.GetProperty("item").GetProperty("size").GetInt32());
        Assert.Equal(JsonValueKind.Null, nulled.GetProperty("tags").ValueKind);
    }

    [Theory]
    [InlineData("org.example.test.Secret", "{}", "org.varlink.service.PermissionDenied")]
    [InlineData("org.example.test.Watch", "{}", "org.varlink.service.ExpectedMore")]
    [InlineData("org.example.test.Talk", "{}", "org.varlink.service.ExpectedUpgrade")]
    public async Task ServiceErrorsWithoutParametersAreSent(string method, string parameters, string error)
    {
        await using var connection = await ConnectAsync();
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync(method, Json(parameters)).WaitAsync(Timeout));
        Assert.Equal(error, e.ErrorName);
    }

    [Theory]
    [InlineData("undeclared")]
    [InlineData("crash")]
    public async Task HandlerFailureOtherThanADeclaredErrorClosesOnlyThatConnection(string kind)
    {
        await using var bad = await ConnectAsync();
        await using var good = await ConnectAsync();
        await Assert.ThrowsAsync<VarlinkConnectionException>(() => bad.CallAsync("org.example.test.Fail", Json($$"""{"kind":"{{kind}}"}""")).WaitAsync(Timeout));
        await Assert.ThrowsAsync<VarlinkConnectionException>(() => bad.CallAsync("org.example.test.Hello", Json("""{"name":"x"}""")).WaitAsync(Timeout));
        var reply = await good.CallAsync("org.example.test.Hello", Json("""{"name":"still here"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello still here", reply.GetProperty("greeting").GetString());
        Assert.Contains(Failures, f => f.Message.Contains("org.example.test.Fail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnewayCallGetsNoReplyNotEvenAnError()
    {
        await using var connection = await ConnectAsync();
        await connection.CallOnewayAsync("org.example.test.Fail", Json("""{"kind":"declared"}""")).AsTask().WaitAsync(Timeout);
        await connection.CallOnewayAsync("org.example.test.Nope").AsTask().WaitAsync(Timeout);
        await connection.CallOnewayAsync("org.example.test.Notify", Json("""{"text":"noted"}""")).AsTask().WaitAsync(Timeout);

        // Had any oneway call been answered, this call would receive that stray reply instead.
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"next"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello next", reply.GetProperty("greeting").GetString());
        Assert.Contains("noted", Service.Notes);
    }

    [Fact]
    public async Task StreamedCallDeliversEveryReplyInOrder()
    {
        await using var connection = await ConnectAsync();
        var received = new List<long>();
        await foreach (var reply in connection.CallMoreAsync("org.example.test.Count", Json("""{"n":500}""")).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            received.Add(reply.GetProperty("i").GetInt64());
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), received);
        var after = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"after"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello after", after.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task MoreCallAnsweredOnceEndsAfterOneReply()
    {
        await using var connection = await ConnectAsync();
        var replies = new List<JsonElement>();
        await foreach (var reply in connection.CallMoreAsync("org.example.test.Hello", Json("""{"name":"once"}""")).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            replies.Add(reply);
        }

        Assert.Single(replies);
    }

    [Fact]
    public async Task ErrorEndsAStream()
    {
        await using var connection = await ConnectAsync();
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(async () =>
        {
            await foreach (var reply in connection.CallMoreAsync("org.example.test.Fail", Json("""{"kind":"declared"}""")))
            {
            }
        }).WaitAsync(Timeout);
        Assert.Equal("org.example.test.Broken", e.ErrorName);
    }

    [Fact]
    public async Task ConcurrentCallersOnOneConnectionEachGetTheirOwnReply()
    {
        await using var connection = await ConnectAsync();
        var callers = Enumerable.Range(0, 40).Select(c => Task.Run(async () =>
        {
            for (int i = 0; i < 25; i++)
            {
                string name = $"{c}-{i}";
                var reply = await connection.CallAsync("org.example.test.Hello", Json($$"""{"name":"{{name}}"}"""));
                Assert.Equal("Hello " + name, reply.GetProperty("greeting").GetString());
            }
        }));
        await Task.WhenAll(callers).WaitAsync(Timeout);
    }

    [Fact]
    public async Task PipelinedCallsBehindAStreamAreAnsweredAfterIt()
    {
        await using var connection = await ConnectAsync();
        var stream = connection.CallMoreAsync("org.example.test.Count", Json("""{"n":50}""")).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
        var behind = connection.CallAsync("org.example.test.Hello", Json("""{"name":"behind"}"""));
        int count = 1;
        while (await stream.MoveNextAsync().AsTask().WaitAsync(Timeout))
        {
            count++;
        }

        await stream.DisposeAsync();
        Assert.Equal(50, count);
        Assert.Equal("Hello behind", (await behind.WaitAsync(Timeout)).GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task UpgradeHandsOverTheRawStreamIncludingBytesSentRightAfterTheReply()
    {
        await using var connection = await ConnectAsync();
        await using var upgrade = await connection.UpgradeAsync("org.example.test.Talk").WaitAsync(Timeout);
        Assert.Equal("shout", upgrade.Reply.GetProperty("protocol").GetString());
        Assert.Equal("READY\n", await ReadTextAsync(upgrade.Stream, 6));
        await upgrade.Stream.WriteAsync(Encoding.UTF8.GetBytes("hello"));
        await upgrade.Stream.FlushAsync();
        Assert.Equal("HELLO", await ReadTextAsync(upgrade.Stream, 5));
        await connection.Completion.WaitAsync(Timeout);
        await Assert.ThrowsAsync<VarlinkConnectionException>(() => connection.CallAsync("org.example.test.Hello", Json("""{"name":"x"}""")));
    }

    [Fact]
    public async Task RefusedUpgradeLeavesTheConnectionUsable()
    {
        await using var connection = await ConnectAsync();
        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.UpgradeAsync("org.example.test.Nope").WaitAsync(Timeout));
        Assert.Equal("org.varlink.service.MethodNotFound", e.ErrorName);
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"x"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello x", reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task CancellingASentCallClosesTheConnectionAndFailsTheCallsBehindIt()
    {
        await using var connection = await ConnectAsync();
        using var cancel = new CancellationTokenSource();
        var parked = connection.CallAsync("org.example.test.Park", cancellationToken: cancel.Token);
        var behind = connection.CallAsync("org.example.test.Hello", Json("""{"name":"behind"}"""));

        // The handler runs: the call was sent.
        Assert.True(await Service.Parked.WaitAsync(Timeout));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parked.WaitAsync(Timeout));
        var e = await Assert.ThrowsAsync<VarlinkConnectionException>(() => behind.WaitAsync(Timeout));
        Assert.Contains("cancelled", e.Message);
        var later = await Assert.ThrowsAsync<VarlinkConnectionException>(() => connection.CallAsync("org.example.test.Hello", Json("""{"name":"later"}""")));
        Assert.Contains("cancelled", later.Message);
        Service.Unpark.Release();
    }

    [Fact]
    public async Task CallCancelledBeforeSendingLeavesTheConnectionUsable()
    {
        await using var connection = await ConnectAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.CallAsync("org.example.test.Hello", Json("""{"name":"x"}"""), new CancellationToken(true)));
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"y"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello y", reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task LeavingAStreamEarlyClosesTheConnection()
    {
        await using var connection = await ConnectAsync();
        await foreach (var reply in connection.CallMoreAsync("org.example.test.Watch").WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            break;
        }

        await Assert.ThrowsAsync<VarlinkConnectionException>(() => connection.CallAsync("org.example.test.Hello", Json("""{"name":"x"}""")));
    }

    [Fact]
    public async Task ReplyWithContinuesToACallWithoutMoreClosesTheServerConnection()
    {
        await using var connection = await ConnectAsync();
        await Assert.ThrowsAsync<VarlinkConnectionException>(() => connection.CallAsync("org.example.test.ContinuesWithoutMore").WaitAsync(Timeout));
    }

    [Fact]
    public async Task NonObjectParametersAreRefusedBeforeSending()
    {
        await using var connection = await ConnectAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => connection.CallAsync("org.example.test.Hello", Json("[1]")));
        await Assert.ThrowsAsync<ArgumentException>(() => connection.CallAsync("NoInterface", default));
        var reply = await connection.CallAsync("org.example.test.Hello", Json("""{"name":"ok"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello ok", reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task StopLetsTheCallInFlightFinish()
    {
        await using var connection = await ConnectAsync();
        var parked = connection.CallAsync("org.example.test.Park");
        Assert.True(await Service.Parked.WaitAsync(Timeout));
        var stopping = Server.StopAsync(new CancellationTokenSource(Timeout).Token);
        Assert.False(stopping.IsCompleted, "the server stopped while a handler was still running");

        Service.Unpark.Release();
        var reply = await parked.WaitAsync(Timeout);
        Assert.True(reply.GetProperty("done").GetBoolean());
        await stopping.WaitAsync(Timeout);
    }

    protected static async Task<string> ReadTextAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        using var timeout = new CancellationTokenSource(Timeout);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer);
    }
}

public sealed class InMemoryClientServerTests : ClientServerTests
{
    protected override async Task<VarlinkConnection> ConnectAsync()
        => await VarlinkConnection.ConnectAsync(new InMemoryDuplex.Transport(Server));
}

public class UnixSocketClientServerTests : ClientServerTests
{
    private readonly TempSocket _socket = new();
    private string _address = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _address = Server.Listen(_socket.Address + ";mode=0600");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _socket.Dispose();
    }

    protected override async Task<VarlinkConnection> ConnectAsync() => await VarlinkConnection.ConnectAsync(_address, ClientOptions);

    /// <summary>The options of every client connection.</summary>
    protected virtual VarlinkConnectionOptions ClientOptions => VarlinkConnectionOptions.Default;

    [Fact]
    public async Task ContinuationsRunOnTheReceiveThreadOnlyWhenAllowed()
    {
        foreach (bool allowed in new[] { false, true })
        {
            await using var connection = await VarlinkConnection.ConnectAsync(_address, new VarlinkConnectionOptions { AllowSynchronousContinuations = allowed });
            for (int i = 0; i < 3; i++)
            {
                // The continuation is attached while the handler is parked (not yet answered), then the reply comes.
                var call = connection.CallAsync("org.example.test.Park");
                Assert.True(await Service.Parked.WaitAsync(Timeout));
                var continued = RunsOnReceiveThreadAfterAsync(call);
                Service.Unpark.Release();
                Assert.Equal(allowed, await continued.WaitAsync(Timeout));
            }
        }
    }

    private static async Task<bool> RunsOnReceiveThreadAfterAsync(Task call)
    {
        // No synchronization context: the continuation runs where the connection completes the call.
        await call.ConfigureAwait(false);
        return Thread.CurrentThread.Name == "varlink receive";
    }

    [Fact]
    public async Task MessageOfMoreSegmentsThanOneSendGathersRoundTrips()
    {
        // 8 MiB is 512 of the output pipe's 16 KiB segments: more than one sendmsg may gather.
        await using var connection = await ConnectAsync();
        string name = new('n', 8 * 1024 * 1024);
        var reply = await connection.CallAsync("org.example.test.Hello", Json("{\"name\":\"" + name + "\"}")).WaitAsync(Timeout);
        Assert.Equal("Hello " + name, reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public void ListeningSocketHasTheRequestedMode()
        => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_socket.Path));

    [Fact]
    public async Task MalformedInputClosesOnlyThatConnection()
    {
        await using var good = await ConnectAsync();
        foreach (var garbage in new[] { "not json\0", "[1,2]\0", "{\"method\":\"a.B\",\"bogus\":1}\0", "{\"method\":\"a.B\",\"more\":true,\"oneway\":true}\0", "{\"method\":\"a.B\",\"method\":\"a.B\"}\0" })
        {
            using var raw = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            await raw.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_socket.Path));
            await raw.SendAsync(Encoding.UTF8.GetBytes(garbage));
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(Timeout);
            int read = await raw.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(0, read);
        }

        var reply = await good.CallAsync("org.example.test.Hello", Json("""{"name":"good"}""")).WaitAsync(Timeout);
        Assert.Equal("Hello good", reply.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task CallsPipelinedInOneWriteAreAnsweredInOrder()
    {
        using var raw = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await raw.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_socket.Path));
        string wire = string.Concat(
            "{\"method\":\"org.example.test.Hello\",\"parameters\":{\"name\":\"1\"}}\0",
            "{\"method\":\"org.example.test.Notify\",\"parameters\":{\"text\":\"quiet\"},\"oneway\":true}\0",
            "{\"method\":\"org.example.test.Nope\"}\0",
            "{\"method\":\"org.example.test.Count\",\"parameters\":{\"n\":2},\"more\":true}\0",
            "{\"method\":\"org.example.test.Hello\",\"parameters\":{\"name\":\"2\"}}\0");
        await raw.SendAsync(Encoding.UTF8.GetBytes(wire));
        await using var stream = new System.Net.Sockets.NetworkStream(raw, ownsSocket: false);
        var replies = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            replies.Add(await FramingTests.ReadOneFrameAsync(stream));
        }

        Assert.Equal(
            [
                """{"parameters":{"greeting":"Hello 1"}}""",
                """{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"org.example.test.Nope"}}""",
                """{"parameters":{"i":1},"continues":true}""",
                """{"parameters":{"i":2}}""",
                """{"parameters":{"greeting":"Hello 2"}}""",
            ],
            replies);
    }

    private async Task<System.Net.Sockets.Socket> ConnectRawAsync()
    {
        var raw = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await raw.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_socket.Path));
        return raw;
    }

    [Theory]
    [InlineData("{\"method\":\"a.B\",\"bogus\":1}", "unknown key \"bogus\"", "It sent: {\"method\":\"a.B\",\"bogus\":1}")]
    [InlineData("[1,2]", "must be a JSON object", "It sent: [1,2]")]
    public async Task ProtocolViolationIsReportedOnceWithWhatArrivedAndTheRule(string garbage, string rule, string arrived)
    {
        using var raw = await ConnectRawAsync();
        await raw.SendAsync(Encoding.UTF8.GetBytes(garbage + "\0"));
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal(0, await raw.ReceiveAsync(new byte[64], timeout.Token));

        var failure = Assert.IsType<VarlinkProtocolException>(Assert.Single(Failures));
        Assert.Contains(rule, failure.Message);
        Assert.Contains(arrived, failure.Message);
    }

    [Fact]
    public async Task ProtocolViolationReportShowsOnlyTheStartOfALongMessage()
    {
        using var raw = await ConnectRawAsync();
        string garbage = "{\"method\":\"a.B\",\"x\":\"" + new string('a', 5000) + "\"}";
        await raw.SendAsync(Encoding.UTF8.GetBytes(garbage + "\0"));
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal(0, await raw.ReceiveAsync(new byte[64], timeout.Token));

        var failure = Assert.Single(Failures);
        Assert.Contains("unknown key \"x\"", failure.Message);
        Assert.Contains($"(the first 256 of {garbage.Length} bytes)", failure.Message);
        Assert.True(failure.Message.Length < 1024, failure.Message);
    }

    [Fact]
    public async Task ClientThatHalfClosesAfterItsCallsGetsEveryReply()
    {
        // printf '…\0…\0' | varlink bridge: the calls, then shutdown(SHUT_WR), then the replies are read.
        using var inputEnded = new SemaphoreSlim(0);
        Server.InputEnded = () => inputEnded.Release();
        using var raw = await ConnectRawAsync();
        await raw.SendAsync(Encoding.UTF8.GetBytes(
            "{\"method\":\"org.example.test.Park\"}\0{\"method\":\"org.example.test.Hello\",\"parameters\":{\"name\":\"after\"}}\0"));
        await using var stream = new System.Net.Sockets.NetworkStream(raw, ownsSocket: false);
        raw.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        // The handler is running and the server has seen the end of input before the handler answers.
        Assert.True(await Service.Parked.WaitAsync(Timeout));
        Assert.True(await inputEnded.WaitAsync(Timeout), "the server did not see the end of input");
        Service.Unpark.Release();
        Assert.Equal("""{"parameters":{"done":true}}""", await FramingTests.ReadOneFrameAsync(stream).WaitAsync(Timeout));
        Assert.Equal("""{"parameters":{"greeting":"Hello after"}}""", await FramingTests.ReadOneFrameAsync(stream).WaitAsync(Timeout));

        // Then the server closes the connection.
        using var timeout = new CancellationTokenSource(Timeout);
        Assert.Equal(0, await raw.ReceiveAsync(new byte[16], timeout.Token));
    }

    [Fact]
    public async Task IdleStreamEndsWithinASecondOfItsClientsInputEnding()
    {
        // What a bridge does when its own client (an SSH channel) leaves: it half-closes the socket. The
        // stream must end then, or its REST stream behind it stays open until the next event.
        var raw = await ConnectRawAsync();
        await raw.SendAsync(Encoding.UTF8.GetBytes("{\"method\":\"org.example.test.Idle\",\"more\":true}\0"));
        await using (var stream = new System.Net.Sockets.NetworkStream(raw, ownsSocket: false))
        {
            Assert.Equal("""{"parameters":{"i":1},"continues":true}""", await FramingTests.ReadOneFrameAsync(stream).WaitAsync(Timeout));
        }

        Assert.Equal(1, Service.IdleHandlers);
        long closed = Stopwatch.GetTimestamp();
        raw.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        Assert.True(await Service.IdleEnded.WaitAsync(Timeout), "the idle handler did not end after its client's input ended");
        Assert.True(Service.IdleEndTimes.TryDequeue(out long ended));
        var elapsed = Stopwatch.GetElapsedTime(closed, ended);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"The idle handler ended {elapsed.TotalMilliseconds:F0} ms after its client's input ended.");
        raw.Dispose();
    }

    [Fact]
    public async Task ManyConnectionsAreServedConcurrently()
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ConnectAsync()));
        try
        {
            // Every handler must be running at once before any is let go: a server that served one
            // connection (or one call) at a time would never get all of them parked.
            var calls = connections.Select(c => c.CallAsync("org.example.test.Park")).ToArray();
            for (int parked = 0; parked < calls.Length; parked++)
            {
                Assert.True(await Service.Parked.WaitAsync(Timeout), $"only {parked} of {calls.Length} handlers ran at once");
            }

            Assert.DoesNotContain(calls, c => c.IsCompleted);
            Service.Unpark.Release(calls.Length);
            await Task.WhenAll(calls).WaitAsync(Timeout);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// The same suite with the other socket modes: the server on the runtime's async sockets (no thread
/// per connection), the client running continuations on its receive thread.
/// </summary>
public sealed class UnixSocketAsyncServerInlineClientTests : UnixSocketClientServerTests
{
    protected override bool ThreadPerConnection => false;

    protected override VarlinkConnectionOptions ClientOptions => new() { AllowSynchronousContinuations = true };
}
