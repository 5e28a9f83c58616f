using System.Diagnostics;
using System.Text;

namespace Varlink.Ssh.Tests;

/// <summary>
/// <c>varlink -A COMMAND bridge</c>, podman-remote 1.x's bridge line, against a service no one here wrote:
/// the Go certification server takes the socket by activation (it checks LISTEN_PID and LISTEN_FDS). Its
/// own --varlink address is one it cannot listen on, so only the activation socket can answer.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BridgeActivationTests
{
    [Fact]
    public async Task ActivatedGoServiceAnswersThroughTheBridgeAndIsStoppedWithIt()
    {
        string tmp = TestPaths.NewTempDirectory("act");   // the bridge's TMPDIR: its socket directory lands here
        string unusable = $"unix:/nonexistent-{Guid.NewGuid():N}/io.varlink";
        var start = new ProcessStartInfo(TestPaths.BridgeBinary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-A");
        start.ArgumentList.Add($"{GoPeers.CertificationBinary} --varlink={unusable}");
        start.ArgumentList.Add("bridge");
        start.Environment["TMPDIR"] = tmp;
        using var bridge = Process.Start(start)!;
        var stderr = bridge.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await bridge.StandardInput.BaseStream.WriteAsync("{\"method\":\"org.varlink.service.GetInfo\"}\0"u8.ToArray(), timeout.Token);
        await bridge.StandardInput.BaseStream.FlushAsync(timeout.Token);
        string reply = await ReadFrameAsync(bridge.StandardOutput.BaseStream, timeout.Token);
        Assert.Contains("org.varlink.certification", reply, StringComparison.Ordinal);

        // While the bridge runs, so does the service, and the socket directory sits under the bridge's TMPDIR.
        Assert.Single(Services(unusable));
        Assert.Single(Directory.GetDirectories(tmp));
        bridge.StandardInput.Close();
        await bridge.WaitForExitAsync(timeout.Token);
        Assert.True(bridge.ExitCode == 0, await stderr);

        // The service is stopped with the bridge, and its socket directory removed.
        while (Services(unusable).Count > 0)
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(10, timeout.Token);   // polling the process table (no exit notice for a non-child)
        }

        Assert.Empty(Directory.GetFileSystemEntries(tmp));
    }

    [Fact]
    public async Task ClassicBridgeLineReachesTheRunningServiceThroughAnActivatedRelay()
    {
        // As in the appliance: `varlink -A 'podman varlink $VARLINK_ADDRESS' bridge`, where `podman varlink`
        // is a relay to the one running service. The service here is the Go certification server.
        string dir = TestPaths.NewTempDirectory("rel");
        string socket = Path.Combine(dir, "cert.sock");
        using var service = new BridgeProcess(GoPeers.CertificationBinary, "-varlink", "unix:" + socket);
        await WaitForFileAsync(socket);
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, "-A", $"{TestPaths.BridgeBinary} relay --connect unix:{socket} --timeout 60000", "bridge");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await bridge.Input.WriteAsync("{\"method\":\"org.varlink.service.GetInfo\"}\0"u8.ToArray(), timeout.Token);
        await bridge.Input.FlushAsync(timeout.Token);
        Assert.Contains("org.varlink.certification", await ReadFrameAsync(bridge.Output, timeout.Token), StringComparison.Ordinal);
        bridge.Input.Close();
        Assert.Equal(0, await bridge.WaitForExitAsync());
    }

    [Fact]
    public async Task RelayWithATimeoutExitsOnceNoConnectionIsOpen()
    {
        string dir = TestPaths.NewTempDirectory("rel");
        string socket = Path.Combine(dir, "cert.sock"), front = Path.Combine(dir, "front.sock");
        using var service = new BridgeProcess(GoPeers.CertificationBinary, "-varlink", "unix:" + socket);
        await WaitForFileAsync(socket);
        using var relay = new BridgeProcess(TestPaths.BridgeBinary, "relay", "--connect", "unix:" + socket, "--listen", "unix:" + front, "--timeout", "300");
        await WaitForFileAsync(front);

        // A connection held open keeps the relay alive past its timeout; it answers through the relay.
        await using (var connection = await VarlinkConnection.ConnectAsync("unix:" + front))
        {
            var info = await connection.CallAsync("org.varlink.service.GetInfo");
            Assert.Equal("Certification", info.GetProperty("product").GetString());
            using var held = new CancellationTokenSource(TimeSpan.FromMilliseconds(900));
            Assert.False(await Task.Run(() => relay.HasExitedWithin(held.Token)), "the relay exited while a connection was open");
        }

        // Then, with none open, it goes by itself.
        Assert.Equal(0, await relay.WaitForExitAsync());
    }

    [Theory]
    [InlineData(new[] { "-A" }, "option '-A' needs a command")]
    [InlineData(new[] { "-A", "true", "bridge", "--connect", "unix:/x" }, "exclude each other")]
    [InlineData(new[] { "--bogus", "bridge" }, "unknown option '--bogus'")]
    public async Task BadActivationCommandLinesAreUsageErrors(string[] args, string message)
    {
        using var bridge = new BridgeProcess(TestPaths.BridgeBinary, args);
        Assert.Equal(64, await bridge.WaitForExitAsync());
        Assert.Contains(message, await bridge.Error, StringComparison.Ordinal);
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 400 && !File.Exists(path); i++)
        {
            await Task.Delay(25);   // polling the file system for another process's socket
        }

        Assert.True(File.Exists(path), $"{path} did not appear");
    }

    private static async Task<string> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != 0)
        {
            bytes.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    // The Go services started with this address (the activated service, after sh exec'd it in place).
    private static List<int> Services(string address) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    string[] argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                    return argv[0] == GoPeers.CertificationBinary && argv.Contains("--varlink=" + address);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })];
}
