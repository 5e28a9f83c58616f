using System.Diagnostics;

namespace Varlink.Ssh.Tests;

/// <summary>Faults on a real sshd: it dies mid-stream, it comes back, the remote socket is missing.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshFaultTests(SshdFixture sshd) : SshEchoTestBase(sshd, "flt")
{
    [Fact]
    public async Task SshdKilledMidStreamFailsThePendingReadWithinTwoSecondsThenNextConnectReconnects()
    {
        await using var transport = new SshVarlinkTransport(Sshd.Options(Echo.Path));
        var stream = await transport.ConnectAsync();
        await stream.WriteAsync("before\0"u8.ToArray());
        await stream.FlushAsync();
        Assert.Equal("before\0"u8.ToArray(), await StreamAssert.ReadExactlyAsync(stream, 7));

        // The echo above shows the channel live; nothing more was sent, so this read waits on it
        // (ReadAsync returns once the read is registered with the channel and the session).
        var pending = stream.ReadAsync(new byte[16]).AsTask();
        Assert.False(pending.IsCompleted);

        var clock = Stopwatch.StartNew();
        Sshd.Kill();
        var e = await Assert.ThrowsAsync<SshSessionLostException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the failure took {clock.Elapsed}");
        Assert.Contains("127.0.0.1", e.Message, StringComparison.Ordinal);

        // Later use of the dead stream fails the same typed way, at once.
        await Assert.ThrowsAsync<SshSessionLostException>(() => stream.WriteAsync("x"u8.ToArray()).AsTask());
        await stream.DisposeAsync();

        Sshd.EnsureRunning();
        await using var again = await transport.ConnectAsync();
        await again.WriteAsync("after\0"u8.ToArray());
        await again.FlushAsync();
        Assert.Equal("after\0"u8.ToArray(), await StreamAssert.ReadExactlyAsync(again, 6));
    }

    [Fact]
    public async Task ConnectWhileSshdIsDownFailsWithConnectExceptionNamingTheServer()
    {
        Sshd.Kill();
        await using var transport = new SshVarlinkTransport(Sshd.Options(Echo.Path));
        var e = await Assert.ThrowsAsync<SshConnectException>(() => transport.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"[127.0.0.1]:{Sshd.Port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRemoteSocketFailsTheFirstReadWithBridgeErrorNamingThePath()
    {
        var missing = Path.Combine(Dir, "no-such-service.sock");
        await using var transport = new SshVarlinkTransport(Sshd.Options(missing));
        await using var stream = await transport.ConnectAsync();
        var e = await Assert.ThrowsAsync<SshBridgeException>(() => stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(69, e.ExitStatus);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.ErrorOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBridgeProgramFailsWithBridgeErrorCarryingTheShellMessage()
    {
        var options = Sshd.Options(Echo.Path);
        options.BridgeProgram = "/nonexistent/varlink";
        await using var transport = new SshVarlinkTransport(options);
        await using var stream = await transport.ConnectAsync();
        var e = await Assert.ThrowsAsync<SshBridgeException>(() => stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(127, e.ExitStatus);
        Assert.Contains("/nonexistent/varlink", e.Message, StringComparison.Ordinal);
    }
}
