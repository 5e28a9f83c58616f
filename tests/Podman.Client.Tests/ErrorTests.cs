namespace Podman.Client.Tests;

/// <summary>io.podman's error replies become the typed tree; connection failures are distinct.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task ContainerNotFoundCarriesTheId()
    {
        await using var podman = new FakePodman().Error("StartContainer", "io.podman.ContainerNotFound", """{"id":"nope","reason":"no such container"}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<ContainerNotFoundException>(() => client.Containers.StartAsync("nope"));
        Assert.Equal("nope", error.Id);
        Assert.Equal("StartContainer", error.Method);
        Assert.Contains("no such container", error.Message);
        Assert.IsAssignableFrom<PodmanNotFoundException>(error);
    }

    [Fact]
    public async Task PodNotFoundReadsTheNameField()
    {
        await using var podman = new FakePodman().Error("StartPod", "io.podman.PodNotFound", """{"name":"p1","reason":"no such pod"}""");
        await using var client = podman.CreateClient();
        Assert.Equal("p1", (await Assert.ThrowsAsync<PodNotFoundException>(() => client.Pods.StartAsync("p1"))).Id);
    }

    [Fact]
    public async Task InvalidStateIsAStateException()
    {
        await using var podman = new FakePodman().Error("PauseContainer", "io.podman.InvalidState", """{"id":"c1","reason":"not running"}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanStateException>(() => client.Containers.PauseAsync("c1"));
        Assert.Equal("c1", error.Id);
        Assert.Equal("io.podman.InvalidState", error.ErrorName);
    }

    [Fact]
    public async Task PodContainerErrorListsEachContainer()
    {
        await using var podman = new FakePodman().Error("StopPod", "io.podman.PodContainerError", """{"podname":"p","errors":[{"containerid":"c1","reason":"boom"}]}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodContainerErrorException>(() => client.Pods.StopAsync("p"));
        Assert.Equal("p", error.PodName);
        Assert.Equal("boom", error.Errors["c1"]);
    }

    [Fact]
    public async Task OtherErrorsKeepNameAndReason()
    {
        await using var podman = new FakePodman().Error("StartContainer", "io.podman.ErrorOccurred", """{"reason":"disk full"}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanRemoteException>(() => client.Containers.StartAsync("c"));
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Equal("disk full", error.Reason);
    }

    [Fact]
    public async Task AMissingVolumeInInspectIsVolumeNotFoundThoughIoPodmanSaysErrorOccurred()
    {
        // What the service answers (as podman 1.9 did), with libpod's text for the missing volume.
        await using var podman = new FakePodman().Error("InspectVolume", "io.podman.ErrorOccurred", """{"reason":"volume with name nosuch not found: no such volume"}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<VolumeNotFoundException>(() => client.Volumes.InspectAsync("nosuch"));
        Assert.Equal("nosuch", error.Id);
        Assert.Equal("InspectVolume", error.Method);
        Assert.IsType<PodmanRemoteException>(error.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task OtherInspectVolumeFailuresStayErrorOccurred()
    {
        await using var podman = new FakePodman().Error("InspectVolume", "io.podman.ErrorOccurred", """{"reason":"permission denied"}""");
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanRemoteException>(() => client.Volumes.InspectAsync("v"));
        Assert.IsNotType<VolumeNotFoundException>(error);
    }

    [Fact]
    public async Task NoServiceIsAConnectionError()
    {
        var dir = Directory.CreateTempSubdirectory("pct-").FullName;
        try
        {
            await using var client = new PodmanClient(new PodmanClientOptions { Address = "unix:" + Path.Combine(dir, "none"), ConnectRetries = 0 });
            await Assert.ThrowsAsync<PodmanConnectionException>(() => client.System.GetVersionAsync());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
