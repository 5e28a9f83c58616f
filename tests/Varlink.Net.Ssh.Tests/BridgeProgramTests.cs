namespace Varlink.Ssh.Tests;

[Collection(ProcessCollection.Name)]
public sealed class BridgeProgramTests
{
    [Fact]
    public async Task BridgeCopiesBytesBothWaysAndHalfClosesWhenStdinEnds()
    {
        var dir = TestPaths.NewTempDirectory("br");
        await using var server = new UnixEchoServer(Path.Combine(dir, "echo.sock"));
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "bridge", "--connect", "unix:" + server.Path);
        var payload = StreamAssert.RandomBytes(300_000);
        payload[10] = 0; // NULs and any other byte pass untouched: the bridge does not parse.

        var reading = StreamAssert.ReadToEndAsync(bridge.Output);
        await bridge.Input.WriteAsync(payload);
        bridge.Input.Close(); // EOF on stdin: the bridge must shut down its sending side, not the whole socket.

        var received = await reading;
        Assert.Equal([.. payload, .. UnixEchoServer.Trailer], received);
        Assert.Equal(0, await bridge.WaitForExitAsync());
    }

    [Fact]
    public async Task BridgeAcceptsTheEqualsFormOfConnect()
    {
        var dir = TestPaths.NewTempDirectory("br");
        await using var server = new UnixEchoServer(Path.Combine(dir, "echo.sock"));
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "bridge", $"--connect=unix:{server.Path};mode=0600");
        await bridge.Input.WriteAsync("ping\0"u8.ToArray());
        bridge.Input.Close();
        Assert.Equal("ping\0<eof>"u8.ToArray(), await StreamAssert.ReadToEndAsync(bridge.Output));
        Assert.Equal(0, await bridge.WaitForExitAsync());
    }

    [Fact]
    public async Task MissingSocketExitsUnavailableWithErrorNamingThePath()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("br"), "nobody-here.sock");
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "bridge", "--connect", "unix:" + path);
        Assert.Equal(69, await bridge.WaitForExitAsync());
        var error = await bridge.Error;
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SocketWithoutListenerExitsUnavailableSayingConnectionRefused()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("br"), "stale.sock");
        // Bound but never listening (kept open: .NET removes the file when a bound socket is disposed).
        using var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));

        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "bridge", "--connect", "unix:" + path);
        Assert.Equal(69, await bridge.WaitForExitAsync());
        var error = await bridge.Error;
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("refused", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("call", "unix:/x")]
    [InlineData("bridge")]
    [InlineData("bridge", "--connect")]
    [InlineData("bridge", "--connect", "http://x")]
    [InlineData("bridge", "--frobnicate")]
    public async Task WrongCommandLineExitsWithUsage(params string[] args)
    {
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, args);
        Assert.Equal(64, await bridge.WaitForExitAsync());
        Assert.Contains("varlink", await bridge.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerClosingFirstEndsTheBridgeWhileStdinStaysOpen()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("br"), "hangup.sock");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "bridge", "--connect", "unix:" + path);
        using (var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            await accepted.SendAsync("bye\0"u8.ToArray());
        }

        Assert.Equal("bye\0"u8.ToArray(), await StreamAssert.ReadToEndAsync(bridge.Output));
        Assert.Equal(0, await bridge.WaitForExitAsync());
    }

    [Fact]
    public async Task NativeAotBridgeIsPublishedAndCopiesBytes()
    {
        var binary = TestPaths.AotBridgeBinary;
        Assert.True(File.Exists(binary), $"No NativeAOT bridge at {binary}: run 'bash scripts/prepare.d/30-varlink-bridge.sh'.");
        var header = new byte[4];
        await using (var file = File.OpenRead(binary))
        {
            await file.ReadExactlyAsync(header);
        }

        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], header);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(binary)!, "varlink.dll")), "a NativeAOT publish has no managed dll beside it");

        var dir = TestPaths.NewTempDirectory("br");
        await using var server = new UnixEchoServer(Path.Combine(dir, "echo.sock"));
        using var bridge = new BridgeProcess(binary, "bridge", "--connect", "unix:" + server.Path);
        await bridge.Input.WriteAsync("aot\0"u8.ToArray());
        bridge.Input.Close();
        Assert.Equal("aot\0<eof>"u8.ToArray(), await StreamAssert.ReadToEndAsync(bridge.Output));
        Assert.Equal(0, await bridge.WaitForExitAsync());
    }
}
