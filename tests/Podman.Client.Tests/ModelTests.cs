namespace Podman.Client.Tests;

/// <summary>io.podman's Go-typed replies (recorded shapes, <see cref="Replies"/>) read into .NET types.</summary>
public sealed class ModelTests
{
    [Fact]
    public async Task VersionBuildTimeIsReadFromUnixSeconds()
    {
        await using var podman = new FakePodman().Reply("GetVersion", Replies.Version);
        await using var client = podman.CreateClient();
        var version = await client.System.GetVersionAsync();
        Assert.Equal("4.3.1", version.Version);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1689000000), version.Built);
        Assert.Equal("linux/amd64", version.OsArch);
    }

    [Fact]
    public async Task InfoHasBytesCountsAndUptimeAsTimeSpan()
    {
        await using var podman = new FakePodman().Reply("GetInfo", Replies.Info);
        await using var client = podman.CreateClient();
        var info = await client.System.GetInfoAsync();
        Assert.Equal(2063597568L, info.Host.MemoryTotal);
        Assert.Equal(2, info.Host.Cpus);
        Assert.Equal(new TimeSpan(0, 1, 2, 3, 500), info.Host.Uptime);
        Assert.Equal("overlay", info.Store.GraphDriver);
        Assert.Equal(["localhost:5000"], info.InsecureRegistries);
    }

    [Fact]
    public async Task ContainerHasStateEnumCreatedTimeAndPorts()
    {
        await using var podman = new FakePodman().Reply("ListContainers", Replies.Containers);
        await using var client = podman.CreateClient();
        var container = Assert.Single(await client.Containers.ListAsync());
        Assert.Equal(ContainerState.Exited, container.State);
        Assert.False(container.IsRunning);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567), container.Created);
        Assert.Equal(new PortMapping("", 8080, 80, "tcp"), Assert.Single(container.Ports));
        Assert.Equal("demo", container.Labels["app"]);
        Assert.Equal(["sh", "-c", "echo hi"], container.Command);
    }

    [Fact]
    public async Task StatsHaveCpuTimeAsTimeSpanAndBytes()
    {
        await using var podman = new FakePodman().Reply("GetContainerStats", Replies.Stats);
        await using var client = podman.CreateClient();
        var stats = await client.Containers.GetStatsAsync("web");
        Assert.Equal(TimeSpan.FromSeconds(2.5), stats.CpuTime);
        Assert.Equal(1048576L, stats.MemoryUsage);
        Assert.Equal(2147483648L, stats.MemoryLimit);
        Assert.Equal(3, stats.Pids);
    }

    [Fact]
    public async Task CreateSendsImageAsFirstArgumentAndEnvironmentAsPairs()
    {
        string? sent = null;
        await using var podman = new FakePodman().On("CreateContainer", async (call, token) =>
        {
            sent = call.Parameters.GetRawText();
            await call.ReplyAsync(FakePodman.Json("""{"container":"abc"}"""), cancellationToken: token);
        });
        await using var client = podman.CreateClient();
        var id = await client.Containers.CreateAsync(new ContainerCreateParameters
        {
            Image = "localhost/bb:test", Command = ["echo", "hi"], Name = "n", Environment = new Dictionary<string, string> { ["A"] = "1" },
        });
        Assert.Equal("abc", id);
        using var json = System.Text.Json.JsonDocument.Parse(sent!);
        var create = json.RootElement.GetProperty("create");
        Assert.Equal(["localhost/bb:test", "echo", "hi"], create.GetProperty("args").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["A=1"], create.GetProperty("env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("n", create.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateWithoutImageNamesTheParameter()
    {
        await using var podman = new FakePodman();
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Containers.CreateAsync(new ContainerCreateParameters { Image = " " }));
        Assert.Equal("parameters.Image", error.ParamName);
        Assert.Empty(podman.Calls);
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(80, -1)]
    [InlineData(70000, 24)]
    public async Task ExecWithAnImpossibleTerminalSizeNamesTheParameterBeforeAnyCall(int width, int height)
    {
        await using var podman = new FakePodman();
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Containers.ExecAsync("c1", new ExecParameters { Command = ["sh"], Tty = true, TerminalSize = (width, height) }));
        Assert.Equal("parameters.TerminalSize", error.ParamName);
        Assert.Empty(podman.Calls);
    }
}
