using System.Text;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>The client against a scripted peer that breaks the protocol in one way each.</summary>
public sealed class ClientProtocolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("{\"parameters\":{},\"continues\":true}", "\"continues\" to a call made without \"more\"")]
    [InlineData("{\"parameters\":{},\"upgraded\":1}", "true or false")]
    [InlineData("{\"error\":\"a.B\",\"continues\":true}", "an error is final")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"parameters\":5}", "must be an object")]
    public async Task BadReplyFailsTheCallAndClosesTheConnection(string reply, string reason)
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var call = connection.CallAsync("org.example.A.B");
        var behind = connection.CallAsync("org.example.A.C");
        await FramingTests.ReadOneFrameAsync(server);
        await server.WriteAsync(Encoding.UTF8.GetBytes(reply + "\0"));
        var e = await Assert.ThrowsAsync<VarlinkProtocolException>(() => call.WaitAsync(Timeout));
        Assert.Contains(reason, e.Message);
        await Assert.ThrowsAsync<VarlinkProtocolException>(() => behind.WaitAsync(Timeout));
        await Assert.ThrowsAsync<VarlinkConnectionException>(() => connection.CallAsync("org.example.A.D"));
        await Assert.ThrowsAsync<VarlinkProtocolException>(() => connection.Completion.WaitAsync(Timeout));
    }

    [Fact]
    public async Task ReplyWithTheSpecsUpgradedKeyOrAKeyOfItsOwnIsAccepted()
    {
        // As the Go, Python and libvarlink clients do: "upgraded" is in the spec's reply table, and
        // other keys a service adds are skipped, not refused.
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var first = connection.CallAsync("org.example.A.B");
        var second = connection.CallAsync("org.example.A.C");
        await FramingTests.ReadOneFrameAsync(server);
        await server.WriteAsync(Encoding.UTF8.GetBytes("{\"parameters\":{\"a\":1},\"upgraded\":false}\0"));
        Assert.Equal(1, (await first.WaitAsync(Timeout)).GetProperty("a").GetInt32());
        await FramingTests.ReadOneFrameAsync(server);
        await server.WriteAsync(Encoding.UTF8.GetBytes("{\"bogus\":{\"x\":[1]},\"parameters\":{\"b\":2},\"extra\":null}\0"));
        Assert.Equal(2, (await second.WaitAsync(Timeout)).GetProperty("b").GetInt32());
        Assert.False(connection.Completion.IsCompleted);
    }

    [Fact]
    public async Task ReplyNobodyAskedForIsAProtocolViolation()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        await server.WriteAsync(Encoding.UTF8.GetBytes("{\"parameters\":{}}\0"));
        var e = await Assert.ThrowsAsync<VarlinkProtocolException>(() => connection.Completion.WaitAsync(Timeout));
        Assert.Contains("no call was waiting", e.Message);
    }

    [Fact]
    public async Task CallsAreWrittenInOrderWithOnlyTrueFlags()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var first = connection.CallAsync("org.example.A.First", TestService.Json("""{"x":1}"""));
        await connection.CallOnewayAsync("org.example.A.Second");
        await using var stream = connection.CallMoreAsync("org.example.A.Third").GetAsyncEnumerator();
        var third = stream.MoveNextAsync();
        Assert.Equal("""{"method":"org.example.A.First","parameters":{"x":1}}""", await FramingTests.ReadOneFrameAsync(server));

        // Calls made while First waits for its reply stay in the send buffer until that reply comes
        // (the service answers in order anyway); then they go out together, in order.
        // A reply with absent parameters reads as {}.
        await server.WriteAsync(Encoding.UTF8.GetBytes("{}\0"));
        Assert.Empty((await first.WaitAsync(Timeout)).EnumerateObject());
        Assert.Equal("""{"method":"org.example.A.Second","oneway":true}""", await FramingTests.ReadOneFrameAsync(server));
        Assert.Equal("""{"method":"org.example.A.Third","more":true}""", await FramingTests.ReadOneFrameAsync(server));

        // Replies are matched in call order.
        await server.WriteAsync(Encoding.UTF8.GetBytes("{\"parameters\":{\"n\":1},\"continues\":true}\0{\"parameters\":null}\0"));
        Assert.True(await third.AsTask().WaitAsync(Timeout));
        Assert.Equal(1, stream.Current.GetProperty("n").GetInt32());
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Empty(stream.Current.EnumerateObject());
        Assert.False(await stream.MoveNextAsync().AsTask().WaitAsync(Timeout));
    }
    [Fact]
    public async Task CallsBehindAnUnansweredCallWaitForItsReplyThenGoOutInOrder()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var first = connection.CallAsync("org.example.A.First");
        Assert.Equal("""{"method":"org.example.A.First"}""", await FramingTests.ReadOneFrameAsync(server));
        var behind = Enumerable.Range(0, 20).Select(i => connection.CallAsync("org.example.A.Behind", TestService.Json($$"""{"i":{{i}}}"""))).ToList();

        // Nothing more is on the wire while First is unanswered (the service could not answer them sooner).
        var one = new byte[1];
        var early = server.ReadAsync(one).AsTask();
        Assert.NotSame(early, await Task.WhenAny(early, Task.Delay(300)));

        await server.WriteAsync(Encoding.UTF8.GetBytes("{}\0"));
        await first.WaitAsync(Timeout);
        Assert.Equal(1, await early.WaitAsync(Timeout));
        Assert.Equal((byte)'{', one[0]);
        Assert.Equal("\"method\":\"org.example.A.Behind\",\"parameters\":{\"i\":0}}", await FramingTests.ReadOneFrameAsync(server));
        for (int i = 1; i < behind.Count; i++)
        {
            Assert.Equal($$$"""{"method":"org.example.A.Behind","parameters":{"i":{{{i}}}}}""", await FramingTests.ReadOneFrameAsync(server));
        }

        await server.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20).Select(i => $$$"""{"parameters":{"i":{{{i}}}}}""" + "\0"))));
        for (int i = 0; i < behind.Count; i++)
        {
            Assert.Equal(i, (await behind[i].WaitAsync(Timeout)).GetProperty("i").GetInt32());
        }
    }

    [Fact]
    public async Task CallOnAnIdleConnectionIsSentAtOnce()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        for (int i = 0; i < 3; i++)
        {
            var call = connection.CallAsync("org.example.A.B");
            Assert.Equal("""{"method":"org.example.A.B"}""", await FramingTests.ReadOneFrameAsync(server));
            await server.WriteAsync(Encoding.UTF8.GetBytes("{}\0"));
            await call.WaitAsync(Timeout);
        }
    }
}
