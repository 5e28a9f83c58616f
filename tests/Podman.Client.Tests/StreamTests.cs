namespace Podman.Client.Tests;

/// <summary>Streams: mapped, ended by the service's empty marker, and by cancellation (which the service sees).</summary>
public sealed class StreamTests
{
    [Fact]
    public async Task CancelledLogFollowEndsEnumerationAndTheServiceSeesTheClientLeave()
    {
        var clientLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var podman = new FakePodman()
            .Reply("GetVersion", Replies.Version)
            .On("GetContainersLogs", async (call, token) =>
            {
                await call.ReplyAsync(FakePodman.Json("""{"log":{"device":"stdout","parseLogType":"F","time":"2024-05-06T07:08:09Z","msg":"one","cid":"c1"}}"""), continues: true, cancellationToken: token);
                try
                {
                    await Task.Delay(Timeout.Infinite, token);   // a follow with nothing more to say, until the client goes
                }
                catch (OperationCanceledException)
                {
                    clientLeft.TrySetResult();
                }
            });
        await using var client = podman.CreateClient();
        using var cancel = new CancellationTokenSource();
        var lines = new List<ContainerLogLine>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in client.Containers.LogsAsync("c1", new ContainerLogsParameters { Follow = true }, cancel.Token))
            {
                lines.Add(line);
                await cancel.CancelAsync();
            }
        });
        Assert.Equal("one", Assert.Single(lines).Message);
        await clientLeft.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("4.3.1", (await client.System.GetVersionAsync()).Version);
    }

    [Fact]
    public async Task EventsAreMappedAndTheEmptyMarkerEndsTheStream()
    {
        await using var podman = new FakePodman().On("GetEvents", async (call, token) =>
        {
            await call.ReplyAsync(FakePodman.Json("""{"events":{"id":"c1","image":"bb","name":"web","status":"start","time":"2024-05-06T07:08:09.5Z","type":"container"}}"""), continues: true, cancellationToken: token);
            await call.ReplyAsync(FakePodman.Json("""{"events":{"id":"","image":"","name":"","status":"","time":"","type":""}}"""), cancellationToken: token);
        });
        await using var client = podman.CreateClient();
        var events = new List<PodmanEvent>();
        await foreach (var e in client.Events.StreamAsync(new EventFilter { Until = DateTimeOffset.UtcNow }))
        {
            events.Add(e);
        }

        var only = Assert.Single(events);
        Assert.Equal(PodmanEventType.Container, only.Type);
        Assert.Equal("start", only.Status);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), only.Time);
    }

    [Fact]
    public async Task StatsStreamEndsWhenTheContainerHasStopped()
    {
        await using var podman = new FakePodman()
            .Reply("GetContainerStats", Replies.Stats)
            .Error("GetContainerStatsWithHistory", "io.podman.ErrorOccurred", """{"reason":"container 5b2c is not running"}""")
            .Reply("GetContainer", Replies.Containers.Replace("\"containers\":[", "\"container\":", StringComparison.Ordinal).Replace("}]}", "}}", StringComparison.Ordinal));
        await using var client = podman.CreateClient();
        List<ContainerStats> samples = [];
        await foreach (var sample in client.Containers.StatsAsync("web", TimeSpan.FromMilliseconds(1)))
        {
            samples.Add(sample);
        }

        Assert.Equal("5b2c", Assert.Single(samples).Id);
        Assert.Equal(["GetContainerStats", "GetContainerStatsWithHistory", "GetContainer"], podman.Calls);
    }

    [Fact]
    public async Task StatsStreamRethrowsAnErrorWhileTheContainerStillRuns()
    {
        await using var podman = new FakePodman()
            .Reply("GetContainerStats", Replies.Stats)
            .Error("GetContainerStatsWithHistory", "io.podman.ErrorOccurred", """{"reason":"cgroup gone"}""")
            .Reply("GetContainer", Replies.Containers.Replace("\"containers\":[", "\"container\":", StringComparison.Ordinal).Replace("}]}", "}}", StringComparison.Ordinal).Replace("\"exited\"", "\"running\"", StringComparison.Ordinal));
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanRemoteException>(async () =>
        {
            await foreach (var sample in client.Containers.StatsAsync("web", TimeSpan.FromMilliseconds(1)))
            {
            }
        });
        Assert.Equal("cgroup gone", error.Reason);
    }
}
