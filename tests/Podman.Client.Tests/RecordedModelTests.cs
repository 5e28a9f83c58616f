namespace Podman.Client.Tests;

/// <summary>
/// The models read from replies recorded from the appliance's io.podman (<c>Replies/*.json</c>, written by
/// <see cref="Vm.RecordedRepliesTests"/> with <c>PODMAN_CLIENT_RECORD_REPLIES=1</c>): what the service really sends,
/// formats included (RFC 3339 build time, podman's "0h 2m 31.00s" uptime, libpod's "configured" state).
/// </summary>
public sealed class RecordedModelTests
{
    private static async Task<PodmanClient> ClientAsync(FakePodman podman, string method, string file)
    {
        podman.Reply(method, Replies.Read(file));
        return podman.CreateClient();
    }

    [Fact]
    public async Task VersionIsThe193InterfaceWithAnRfc3339BuildTime()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "GetVersion", "GetVersion");
        var version = await client.System.GetVersionAsync();
        Assert.Equal("1.9.3", version.Version);
        Assert.Equal("go1.19.8", version.GoVersion);
        Assert.Equal(DateTimeOffset.UnixEpoch, version.Built);
        Assert.Equal("linux/amd64", version.OsArch);
        Assert.Equal(1, version.RemoteApiVersion);
    }

    [Fact]
    public async Task InfoReadsPodmansUptimeFormatAndByteCounts()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "GetInfo", "GetInfo");
        var info = await client.System.GetInfoAsync();
        Assert.Equal("box", info.Host.Hostname);
        Assert.Equal("boot2podman", info.Host.Distribution);
        Assert.Equal(2, info.Host.Cpus);
        Assert.Equal(2062479360L, info.Host.MemoryTotal);
        Assert.Equal(1801080832L, info.Host.MemoryFree);
        Assert.Equal(TimeSpan.FromSeconds(151), info.Host.Uptime);
        Assert.Equal("overlay", info.Store.GraphDriver);
        Assert.Equal(["10.0.2.2:43161"], info.InsecureRegistries);
    }

    [Fact]
    public async Task ListedContainersHaveLibpodsStatesCreationTimesAndPorts()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "ListContainers", "ListContainers");
        var containers = await client.Containers.ListAsync();
        var web = Assert.Single(containers, c => c.Id == "b619de111c56100c213369db7f0a8322ab14f5f6496fbdbecd6ce1162bef7fb3");
        Assert.Equal(ContainerState.Configured, web.State);
        Assert.False(web.IsRunning);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 20, 24, 46, TimeSpan.Zero), web.Created);
        Assert.Equal(new PortMapping("", 8080, 80, "tcp"), Assert.Single(web.Ports));
        Assert.Equal("demo", web.Labels["app"]);
        Assert.Equal(["sh", "-c", "echo hi"], web.Command);
        Assert.DoesNotContain(containers, c => c.State == ContainerState.Unknown);
    }

    [Fact]
    public async Task RunningAndExitedContainersReadAsSuch()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "GetContainer", "GetContainer.running");
        var running = await client.Containers.GetAsync("1513b421063d");
        Assert.Equal(ContainerState.Running, running.State);
        Assert.True(running.IsRunning);
        Assert.Equal(["sleep", "600"], running.Command);

        await using var podman2 = new FakePodman();
        await using var client2 = await ClientAsync(podman2, "GetContainer", "GetContainer.exited");
        var exited = await client2.Containers.GetAsync("exited");
        Assert.Equal(ContainerState.Exited, exited.State);
        Assert.False(exited.IsRunning);
    }

    [Fact]
    public async Task StatsHaveCpuTimeAndBytes()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "GetContainerStats", "GetContainerStats");
        var stats = await client.Containers.GetStatsAsync("busy");
        Assert.Equal(TimeSpan.FromTicks(117856000 / 100), stats.CpuTime);
        Assert.Equal(57344L, stats.MemoryUsage);
        Assert.Equal(2062479360L, stats.MemoryLimit);
        Assert.Equal(1, stats.Pids);
    }

    [Fact]
    public async Task ImageHasItsTagsDigestCreationTimeAndSize()
    {
        await using var podman = new FakePodman();
        await using var client = await ClientAsync(podman, "GetImage", "GetImage");
        var image = await client.Images.GetAsync("localhost/bb:test");
        Assert.Equal("2215452995af29da92a71500a80dd910f66ced7772a69cbcf0a09cd0c786fac9", image.Id);
        Assert.Equal(["localhost/bb:test"], image.RepoTags);
        Assert.Equal("sha256:fede69b6f2c95277618afb5e53fe084079801fec46982a49c97ef12bf0b9069b", image.Digest);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 20, 24, 41, TimeSpan.Zero), image.Created);
        Assert.Equal(2421851L, image.Size);
        Assert.Equal(3, image.Containers);
    }
}
