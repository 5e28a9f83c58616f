using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Varlink.Ssh.Tests;

/// <summary>
/// The reconnecting, retrying, observable VarlinkClient, resolved from DI, against the real sshd and a
/// Varlink.Net service behind our bridge.
/// </summary>
[Collection(SshdCollection.Name)]
public sealed class VarlinkClientOverSshTests(SshdFixture sshd) : SshEchoTestBase(sshd, "cli")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string EchoMethod = SshTestService.Interface + ".Echo";

    [Fact]
    public async Task ClientFromServiceCollectionLogsTracesAndMeasuresACall()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddVarlinkClient(options => options.UseSsh(ssh => Configure(ssh, service.SocketPath)));

        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VarlinkTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);

        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Method, string? Error)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VarlinkTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Tag(tags, VarlinkTelemetry.MethodTag), Tag(tags, VarlinkTelemetry.ErrorTag))));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Tag(tags, VarlinkTelemetry.MethodTag), Tag(tags, VarlinkTelemetry.ErrorTag))));
        meterListener.Start();

        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<VarlinkClient>();
            Assert.Same(client, provider.GetRequiredService<VarlinkClient>());

            var reply = await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"observed"}""")).WaitAsync(Timeout);
            Assert.Equal("observed", reply.GetProperty("text").GetString());
            await Assert.ThrowsAsync<VarlinkRemoteException>(() => client.CallAsync(SshTestService.Interface + ".Fail").WaitAsync(Timeout));
        }

        // Logs: the SSH session and the varlink connection, from the container's logger factory.
        Assert.Contains(logs.Lines, l => l.Category == typeof(SshVarlinkTransport).FullName && l.Message.Contains("SSH session to", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Category == typeof(VarlinkClient).FullName && l.Message.Contains("connection opened", StringComparison.Ordinal));

        // One activity per call, named and tagged with the method; the failed one tagged with the error.
        var echo = Assert.Single(activities, a => a.OperationName == EchoMethod);
        Assert.Equal(EchoMethod, echo.GetTagItem(VarlinkTelemetry.MethodTag));
        Assert.Equal(ActivityStatusCode.Unset, echo.Status);
        var failed = Assert.Single(activities, a => a.OperationName == SshTestService.Interface + ".Fail");
        Assert.Equal(SshTestService.Interface + ".Refused", failed.GetTagItem(VarlinkTelemetry.ErrorTag));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        // Metrics: calls, errors, bytes both ways, latency.
        meterListener.RecordObservableInstruments();
        Assert.Contains(measurements, m => m.Instrument == "varlink.client.calls" && m.Method == EchoMethod && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "varlink.client.errors" && m.Error == SshTestService.Interface + ".Refused");
        Assert.Contains(measurements, m => m.Instrument == "varlink.client.call.duration" && m.Method == EchoMethod && m.Value > 0);
        Assert.True(measurements.Where(m => m.Instrument == "varlink.client.bytes_sent").Sum(m => m.Value) > 40);
        Assert.True(measurements.Where(m => m.Instrument == "varlink.client.bytes_received").Sum(m => m.Value) > 20);
    }

    [Fact]
    public async Task IdempotentCallIsRetriedOnANewConnectionWhenItsConnectionDrops()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var client = CreateClient(service.SocketPath);
        service.DropNextCall = true;

        var reply = await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"again"}"""), idempotent: true).WaitAsync(Timeout);
        Assert.Equal("again", reply.GetProperty("text").GetString());
        Assert.Equal(2, service.Calls);
    }

    [Fact]
    public async Task NonIdempotentCallIsNeverRetriedButTheNextCallReconnects()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var client = CreateClient(service.SocketPath);
        service.DropNextCall = true;

        await Assert.ThrowsAsync<VarlinkConnectionException>(() => client.CallAsync(SshTestService.Interface + ".Increment").WaitAsync(Timeout));
        Assert.Equal(1, service.Calls);
        Assert.Equal(0, service.Counter);

        var reply = await client.CallAsync(SshTestService.Interface + ".Increment").WaitAsync(Timeout);
        Assert.Equal(1, reply.GetProperty("value").GetInt32());
        Assert.Equal(2, service.Calls);
    }

    [Fact]
    public async Task SshdKilledFailsTheWaitingStreamWithinTwoSecondsAndTheNextCallReconnects()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var client = CreateClient(service.SocketPath);
        Assert.Equal("one", (await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"one"}""")).WaitAsync(Timeout)).GetProperty("text").GetString());

        // An upgraded pipe, shown live by one echo, then a read of bytes that never come: a caller
        // blocked mid-stream. Nothing more was sent, so the read cannot complete before the kill.
        await using var upgrade = await client.UpgradeAsync(SshTestService.Interface + ".Pipe").WaitAsync(Timeout);
        await upgrade.Stream.WriteAsync("live"u8.ToArray());
        await upgrade.Stream.FlushAsync();
        Assert.Equal("live"u8.ToArray(), await StreamAssert.ReadExactlyAsync(upgrade.Stream, 4));
        var pending = upgrade.Stream.ReadAsync(new byte[8]).AsTask();
        Assert.False(pending.IsCompleted);

        var clock = Stopwatch.StartNew();
        Sshd.Kill();
        var e = await Assert.ThrowsAsync<SshSessionLostException>(() => pending.WaitAsync(Timeout));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the failure took {clock.Elapsed}");
        Assert.Contains($"[127.0.0.1]:{Sshd.Port}", e.Message, StringComparison.Ordinal);

        Sshd.EnsureRunning();
        var reply = await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"two"}"""), idempotent: true).WaitAsync(Timeout);
        Assert.Equal("two", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ConnectIsRetriedWithBackoffUntilSshdIsBack()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        var options = new VarlinkClientOptions { ConnectRetries = 6, RetryDelay = TimeSpan.FromMilliseconds(300) };
        options.UseSsh(ssh => Configure(ssh, service.SocketPath));
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var client = new VarlinkClient(options.TransportFactory!(new ServiceCollection().BuildServiceProvider()), options, factory.CreateLogger<VarlinkClient>(), ownsTransport: true);

        // sshd comes back only once a connect attempt has failed and the client said it retries.
        Sshd.Kill();
        var call = client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"patience"}"""));
        await logs.WaitForAsync(l => l.Level == LogLevel.Warning && l.Message.Contains("retrying", StringComparison.Ordinal), Timeout);
        Assert.False(call.IsCompleted);
        Sshd.EnsureRunning();

        var reply = await call.WaitAsync(Timeout);
        Assert.Equal("patience", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task RefusedHostKeyIsNotRetriedByDefault()
    {
        // The default classification (TransientFailures) reads SshTransportException.IsTransient through
        // ITransientFailure; a plain IOException, which the host key failure also is, would be retried.
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        var connectionsBefore = CountConnections(Sshd.Log);
        await using var client = new VarlinkClient(
            new SshVarlinkTransport(Configure(new SshVarlinkOptions(), service.SocketPath, pinned: false)),
            new VarlinkClientOptions { ConnectRetries = 5 },
            ownsTransport: true);

        var e = await Assert.ThrowsAsync<VarlinkConnectionException>(() => client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"x"}"""), idempotent: true).WaitAsync(Timeout));
        var hostKey = Assert.IsType<SshHostKeyException>(e.InnerException);
        Assert.Equal(HostKeyProblem.Unknown, hostKey.Problem);
        await SshRawBytesTests.WaitForAsync(() => CountConnections(Sshd.Log) > connectionsBefore);
        Assert.Equal(connectionsBefore + 1, CountConnections(Sshd.Log));
    }

    [Fact]
    public async Task UpgradeUsesItsOwnConnectionAndLeavesTheSharedOneWorking()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var client = CreateClient(service.SocketPath);
        await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"warm"}""")).WaitAsync(Timeout);

        await using (var upgrade = await client.UpgradeAsync(SshTestService.Interface + ".Pipe").WaitAsync(Timeout))
        {
            await upgrade.Stream.WriteAsync("raw\0bytes"u8.ToArray());
            await upgrade.Stream.FlushAsync();
            Assert.Equal("raw\0bytes"u8.ToArray(), await StreamAssert.ReadExactlyAsync(upgrade.Stream, 9));
        }

        var reply = await client.CallAsync(EchoMethod, SshTestService.Json("""{"text":"still"}""")).WaitAsync(Timeout);
        Assert.Equal("still", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task UpgradeWhoseConnectionDropsIsNotRetried()
    {
        await using var service = new SshTestService(Path.Combine(Dir, "svc.sock"));
        await using var client = CreateClient(service.SocketPath);
        service.DropNextCall = true;

        await Assert.ThrowsAsync<VarlinkConnectionException>(() => client.UpgradeAsync(SshTestService.Interface + ".Pipe").WaitAsync(Timeout));
        Assert.Equal(1, service.Calls);
    }

    private VarlinkClient CreateClient(string socketPath)
    {
        var options = new VarlinkClientOptions { RetryDelay = TimeSpan.FromMilliseconds(100) };
        options.UseSsh(ssh => Configure(ssh, socketPath));
        return new VarlinkClient(options.TransportFactory!(new ServiceCollection().BuildServiceProvider()), options, ownsTransport: true);
    }

    private SshVarlinkOptions Configure(SshVarlinkOptions ssh, string socketPath, bool pinned = true)
    {
        var template = Sshd.Options(socketPath);
        ssh.Host = template.Host;
        ssh.Port = template.Port;
        ssh.UserName = template.UserName;
        ssh.SocketPath = socketPath;
        ssh.BridgeProgram = template.BridgeProgram;
        ssh.KeepAliveInterval = template.KeepAliveInterval;
        ssh.PrivateKeyFiles.Add(Sshd.UserKey);
        if (pinned)
        {
            ssh.HostKeyFingerprints.Add(Sshd.HostKeyFingerprint);
        }
        else
        {
            ssh.KnownHostsFile = Path.Combine(Dir, "empty_known_hosts");
        }

        return ssh;
    }

    private static int CountConnections(string log) =>
        log.Split('\n').Count(line => line.Contains("Connection from 127.0.0.1", StringComparison.Ordinal));

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
