using System.Text.Json;

namespace Varlink.Ssh.Tests;

/// <summary>The Varlink.Net client and server talking through SSH (real sshd) and our bridge.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshEndToEndTests(SshdFixture sshd) : SshEchoTestBase(sshd, "e2e")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CallsGetRepliesThroughAnSshAddressWithTheBridgeDerivedFromItsPath()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = SshVarlinkTransport.FromAddress(
            $"ssh://{Environment.UserName}@127.0.0.1:{Sshd.Port}{service.SocketPath}",
            options =>
            {
                options.PrivateKeyFiles.Add(Sshd.UserKey);
                options.HostKeyFingerprints.Add(Sshd.HostKeyFingerprint);
                options.BridgeProgram = TestPaths.BridgeBinary;
            });
        Assert.EndsWith($"bridge --connect unix:{service.SocketPath}", transport.BridgeCommand, StringComparison.Ordinal);
        await using var connection = await VarlinkConnection.ConnectAsync(transport);

        var reply = await connection.CallAsync(SshTestService.Interface + ".Echo", SshTestService.Json("""{"text":"über ssh"}""")).WaitAsync(Timeout);
        Assert.Equal("über ssh", reply.GetProperty("text").GetString());

        var info = await connection.CallAsync("org.varlink.service.GetInfo").WaitAsync(Timeout);
        Assert.Contains(SshTestService.Interface, info.GetProperty("interfaces").EnumerateArray().Select(e => e.GetString()));

        var error = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync(SshTestService.Interface + ".Fail").WaitAsync(Timeout));
        Assert.Equal(SshTestService.Interface + ".Refused", error.ErrorName);
    }

    [Fact]
    public async Task PipelinedCallsOnOneConnectionComeBackInOrder()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = new SshVarlinkTransport(Sshd.Options(service.SocketPath));
        await using var connection = await VarlinkConnection.ConnectAsync(transport);

        var calls = Enumerable.Range(0, 200)
            .Select(i => connection.CallAsync(SshTestService.Interface + ".Echo", SshTestService.Json($$"""{"text":"{{i}}"}""")))
            .ToList();
        var replies = await Task.WhenAll(calls).WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), replies.Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task LongMoreStreamArrivesCompleteAndInOrder()
    {
        const int Count = 20_000;
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = new SshVarlinkTransport(Sshd.Options(service.SocketPath));
        await using var connection = await VarlinkConnection.ConnectAsync(transport);

        var expected = 1;
        using var timeout = new CancellationTokenSource(Timeout);
        await foreach (var reply in connection.CallMoreAsync(SshTestService.Interface + ".Count", SshTestService.Json($$"""{"count":{{Count}}}"""), timeout.Token))
        {
            Assert.Equal(expected++, reply.GetProperty("i").GetInt32());
        }

        Assert.Equal(Count + 1, expected);

        // The connection is free again after the stream.
        var after = await connection.CallAsync(SshTestService.Interface + ".Echo", SshTestService.Json("""{"text":"after"}""")).WaitAsync(Timeout);
        Assert.Equal("after", after.GetProperty("text").GetString());
    }

    [Fact]
    public async Task OneMebibyteMessageTravelsBothWays()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = new SshVarlinkTransport(Sshd.Options(service.SocketPath));
        await using var connection = await VarlinkConnection.ConnectAsync(transport);

        var big = new string('x', 1024 * 1024 - 64) + "end";
        var parameters = SshTestService.Json(JsonSerializer.Serialize(new Dictionary<string, string?> { ["text"] = big }, SshTestJson.Default.DictionaryStringString));
        var reply = await connection.CallAsync(SshTestService.Interface + ".Echo", parameters).WaitAsync(Timeout);
        Assert.Equal(big, reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task UpgradedConnectionCarriesRawBytesBothWays()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = new SshVarlinkTransport(Sshd.Options(service.SocketPath));
        var connection = await VarlinkConnection.ConnectAsync(transport);

        await using var upgrade = await connection.UpgradeAsync(SshTestService.Interface + ".Pipe").WaitAsync(Timeout);
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        payload[0] = 0; // NUL bytes are plain data after the upgrade.

        var reading = StreamAssert.ReadExactlyAsync(upgrade.Stream, payload.Length);
        await upgrade.Stream.WriteAsync(payload);
        await upgrade.Stream.FlushAsync();
        Assert.Equal(payload, await reading);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task GoCertificationServerPassesThroughSsh()
    {
        var certification = GoPeers.CertificationBinary;
        var socket = Path.Combine(Dir, "cert.sock");
        using var server = new BridgeProcess(certification, "-varlink", "unix:" + socket);
        for (var i = 0; i < 200 && !File.Exists(socket); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(socket), $"varlink-go-certification did not create {socket}");
        await using var transport = new SshVarlinkTransport(Sshd.Options(socket));
        await using var connection = await VarlinkConnection.ConnectAsync(transport);
        using var timeout = new CancellationTokenSource(Timeout);
        var passed = await TestPeers.CertificationClient.RunAsync(connection, timeout.Token);
        Assert.Contains("End", passed);
        Assert.Contains("Test11", passed);
    }

    [Fact]
    public async Task EverySshConnectionIsItsOwnServiceConnection()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var transport = new SshVarlinkTransport(Sshd.Options(service.SocketPath));
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => VarlinkConnection.ConnectAsync(transport).AsTask()));
        try
        {
            var replies = await Task.WhenAll(connections.Select((c, i) =>
                c.CallAsync(SshTestService.Interface + ".Echo", SshTestService.Json($$"""{"text":"c{{i}}"}""")))).WaitAsync(Timeout);
            Assert.Equal(["c0", "c1", "c2", "c3"], replies.Select(r => r.GetProperty("text").GetString()));
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
