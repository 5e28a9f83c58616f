using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Varlink.Ssh.Tests;

[Collection(ProcessCollection.Name)]
public sealed class SshConnectTimeoutTests
{
    [Fact]
    public async Task ServerThatNeverSpeaksSshTimesOutWithConnectException()
    {
        // Accepts TCP connections and then stays silent: no SSH banner ever comes.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new SshVarlinkOptions
        {
            Host = "127.0.0.1",
            Port = port,
            UseAgent = false,
            ConnectTimeout = TimeSpan.FromSeconds(1),
            SocketPath = "/run/x",
        };
        options.PrivateKeys.Add(File.ReadAllText(ProcessRunner.GenerateKey(TestPaths.NewTempDirectory("cto"), "id")));
        options.HostKeyFingerprints.Add(HostKeyFingerprint.Compute("unused"u8));
        await using var transport = new SshVarlinkTransport(options);

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<SshConnectException>(() => transport.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("timed out", e.Message, StringComparison.Ordinal);
        Assert.Contains($"[127.0.0.1]:{port}", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public async Task ClosedPortFailsWithTransientConnectException()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new SshVarlinkOptions { Host = "127.0.0.1", Port = port, ConnectTimeout = TimeSpan.FromSeconds(5), SocketPath = "/run/x" };
        options.PrivateKeys.Add(File.ReadAllText(ProcessRunner.GenerateKey(TestPaths.NewTempDirectory("cto"), "id")));
        await using var transport = new SshVarlinkTransport(options);
        var e = await Assert.ThrowsAsync<SshConnectException>(() => transport.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(e.IsTransient);
        Assert.True(TransientFailures.IsTransient(new VarlinkConnectionException("x", e)));
    }
}
