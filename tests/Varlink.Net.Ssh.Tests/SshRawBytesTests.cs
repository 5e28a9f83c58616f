namespace Varlink.Ssh.Tests;

/// <summary>Raw bytes through the SSH transport, a real sshd and our bridge, to a unix socket echo server.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshRawBytesTests(SshdFixture sshd) : SshEchoTestBase(sshd, "raw")
{
    [Fact]
    public async Task MegabyteTravelsBothWaysThroughSshAndBridge()
    {
        await using var transport = new SshVarlinkTransport(Sshd.Options(Echo.Path));
        await using var stream = await transport.ConnectAsync();
        var payload = StreamAssert.RandomBytes(1024 * 1024);

        var reading = StreamAssert.ReadExactlyAsync(stream, payload.Length);
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
        Assert.Equal(payload, await reading);
    }

    [Fact]
    public async Task ClosingTheStreamHalfClosesAndTheServerSeesEndOfStream()
    {
        await using var transport = new SshVarlinkTransport(Sshd.Options(Echo.Path));
        var stream = await transport.ConnectAsync();
        await stream.WriteAsync("last words\0"u8.ToArray());
        await stream.FlushAsync();
        Assert.Equal("last words\0"u8.ToArray(), await StreamAssert.ReadExactlyAsync(stream, 11));
        await stream.DisposeAsync();

        // The server saw EOF (it would only then stop echoing): its connection count stays, and a new stream works.
        await using var again = await transport.ConnectAsync();
        await again.WriteAsync("x"u8.ToArray());
        Assert.Equal("x"u8.ToArray(), await StreamAssert.ReadExactlyAsync(again, 1));
        Assert.Equal(2, Echo.Connections);
    }

    [Fact]
    public async Task SeveralConnectionsShareOneSshSessionWithOneChannelEach()
    {
        var logBefore = CountLogins(Sshd.Log);
        await using var transport = new SshVarlinkTransport(Sshd.Options(Echo.Path));
        var streams = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => transport.ConnectAsync().AsTask()));
        try
        {
            await Task.WhenAll(streams.Select(async (stream, i) =>
            {
                var payload = StreamAssert.RandomBytes(50_000 + i);
                var reading = StreamAssert.ReadExactlyAsync(stream, payload.Length);
                await stream.WriteAsync(payload);
                await stream.FlushAsync();
                Assert.Equal(payload, await reading);
            }));
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        Assert.Equal(6, Echo.Connections);
        await WaitForAsync(() => CountLogins(Sshd.Log) > logBefore);
        Assert.Equal(logBefore + 1, CountLogins(Sshd.Log));
    }

    [Fact]
    public async Task ServiceThatHangsUpGivesDataThenCleanEndOfStream()
    {
        var path = Path.Combine(Dir, "hangup.sock");
        using var listener = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        await using var transport = new SshVarlinkTransport(Sshd.Options(path));
        await using var stream = await transport.ConnectAsync();
        using (var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            await accepted.SendAsync("goodbye\0"u8.ToArray());
        }

        Assert.Equal("goodbye\0"u8.ToArray(), await StreamAssert.ReadToEndAsync(stream));
    }

    internal static int CountLogins(string log) =>
        log.Split('\n').Count(line => line.Contains("Accepted publickey", StringComparison.Ordinal));

    internal static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
