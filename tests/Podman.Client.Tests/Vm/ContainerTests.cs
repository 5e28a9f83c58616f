namespace Podman.Client.Tests.Vm;

/// <summary>End to end: Podman.Client → SSH → varlink bridge → Podman.Server → podman 4.3 in the appliance.</summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class ContainerTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private PodmanClient Client => appliance.Client;

    [Fact]
    public async Task SystemReportsPodmanVersionAndHost()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var version = await Client.System.GetVersionAsync(timeout.Token);
        var info = await Client.System.GetInfoAsync(timeout.Token);
        // The appliance serves podman 1.9.3's interface on podman 4.3.
        Assert.Equal("1.9.3", version.Version);
        Assert.Equal(1, version.RemoteApiVersion);
        Assert.StartsWith("4.", info.PodmanVersion);
        Assert.Equal("linux/amd64", version.OsArch);
        Assert.True(info.Host.Cpus > 0);
        Assert.True(info.Host.MemoryTotal > 100L * 1024 * 1024);
        Assert.Equal("linux", info.Host.Os);
    }

    [Fact]
    public async Task CreateStartFollowLogsStopRemove()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var name = "follow-" + Guid.NewGuid().ToString("N")[..8];
        var id = await Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = name, Command = ["sh", "-c", "echo first; echo oops >&2; while [ ! -e /tmp/go ]; do sleep 0.2; done; echo second; sleep 600"] },
            timeout.Token);
        Assert.Equal(ContainerState.Configured, (await Client.Containers.GetAsync(name, timeout.Token)).State);
        await Client.Containers.StartAsync(id, timeout.Token);
        Assert.Equal(ContainerState.Running, (await Client.Containers.GetAsync(id, timeout.Token)).State);

        using var follow = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var seen = new List<ContainerLogLine>();
        var ended = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in Client.Containers.LogsAsync(id, new ContainerLogsParameters { Follow = true }, follow.Token))
            {
                seen.Add(line);
                if (line.Message == "oops")
                {
                    // "second" is written only after this: seeing it proves the stream follows.
                    (await appliance.Machine.RunAsync($"podman exec {name} touch /tmp/go", TimeSpan.FromMinutes(1))).EnsureSuccess();
                }
                else if (line.Message == "second")
                {
                    await follow.CancelAsync();
                }
            }
        });
        Assert.True(follow.IsCancellationRequested, ended.ToString());
        Assert.Equal(["first", "oops", "second"], seen.Select(l => l.Message));
        Assert.Equal([LogStream.Stdout, LogStream.Stderr, LogStream.Stdout], seen.Select(l => l.Stream));
        Assert.All(seen, l => Assert.Equal(id, l.ContainerId));
        Assert.All(seen, l => Assert.NotNull(l.Time));

        // The cancelled follow freed its connection: the client goes on working.
        await Client.Containers.StopAsync(id, TimeSpan.FromSeconds(2), timeout.Token);
        Assert.Equal(ContainerState.Exited, (await Client.Containers.GetAsync(id, timeout.Token)).State);
        await Client.Containers.RemoveAsync(id, cancellationToken: timeout.Token);
        Assert.False(await Client.Containers.ExistsAsync(id, timeout.Token));
        var missing = await Assert.ThrowsAsync<ContainerNotFoundException>(() => Client.Containers.GetAsync(id, timeout.Token));
        Assert.Equal(id, missing.Id);
    }

    [Fact]
    public async Task RunReturnsExitCodeAndBothOutputs()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var result = await Client.Containers.RunAsync(ClientApplianceFixture.Image, ["sh", "-c", "echo hello; echo oops >&2; exit 3"], timeout.Token);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
        Assert.False(await Client.Containers.ExistsAsync(result.ContainerId, timeout.Token));
    }

    [Fact]
    public async Task EventsArriveWhileAnotherTaskMakesChanges()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var name = "events-" + Guid.NewGuid().ToString("N")[..8];
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var statuses = new List<string>();
        var listening = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in Client.Events.StreamAsync(new EventFilter { Since = since, Filters = ["type=container"] }, stop.Token))
                {
                    if (e.Name != name)
                    {
                        continue;
                    }

                    Assert.Equal(PodmanEventType.Container, e.Type);
                    Assert.NotNull(e.Time);
                    statuses.Add(e.Status);
                    if (e.Status == "remove")
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });

        var changes = Task.Run(async () =>
        {
            var id = await Client.Containers.CreateAsync(new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = name, Command = ["true"] }, timeout.Token);
            await Client.Containers.RemoveAsync(id, cancellationToken: timeout.Token);
        });
        await changes;
        await listening.WaitAsync(timeout.Token);
        Assert.Contains("create", statuses);
        Assert.Equal("remove", statuses[^1]);
    }

    [Fact]
    public async Task StatsSampleARunningContainerUntilItStops()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var name = appliance.NewName("stats");
        var id = await Client.Containers.CreateAsync(new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = name, Command = ["sleep", "600"] }, timeout.Token);
        await Client.Containers.StartAsync(id, timeout.Token);

        List<ContainerStats> samples = [];
        await foreach (var sample in Client.Containers.StatsAsync(id, TimeSpan.FromMilliseconds(200), timeout.Token))
        {
            samples.Add(sample);
            if (samples.Count == 3)
            {
                // The next sample finds it stopped: the stream ends there.
                await Client.Containers.StopAsync(id, TimeSpan.FromSeconds(1), timeout.Token);
            }

            Assert.True(samples.Count <= 3, "a sample of a stopped container");
        }

        Assert.Equal(3, samples.Count);
        Assert.All(samples, s => Assert.Equal((id, name), (s.Id, s.Name)));
        Assert.All(samples, s => Assert.InRange(s.Pids, 1, 10));
        Assert.All(samples, s => Assert.InRange(s.MemoryUsage, 1, s.MemoryLimit));
        Assert.All(samples.Zip(samples.Skip(1)), p => Assert.True(p.Second.SystemCpuTime > p.First.SystemCpuTime && p.Second.CpuTime >= p.First.CpuTime));
        var stopped = await Assert.ThrowsAsync<PodmanStateException>(() => Client.Containers.GetStatsAsync(id, timeout.Token));
        Assert.Equal("io.podman.NoContainerRunning", stopped.ErrorName);
        await Client.Containers.RemoveAsync(id, cancellationToken: timeout.Token);
    }
}
