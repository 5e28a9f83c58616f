namespace Podman.Client.Tests.Vm;

/// <summary>Pods and volumes through Podman.Client, checked against what the <c>podman</c> CLI in the VM reports.</summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class PodAndVolumeTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);
    private PodmanClient Client => appliance.Client;

    [Fact]
    public async Task PodRunsItsContainerStopsAndIsRemoved()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var pod = appliance.NewName("pod");
        var podId = await Client.Pods.CreateAsync(new PodCreateParameters { Name = pod, Share = ["cgroup,ipc,net,uts"], Labels = new Dictionary<string, string> { ["app"] = "client" } }, timeout.Token);
        var container = await Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = appliance.NewName("in-pod"), Pod = pod, Command = ["sleep", "600"] }, timeout.Token);

        Assert.Equal(podId, await Client.Pods.StartAsync(pod, timeout.Token));
        var running = await Client.Pods.GetAsync(pod, timeout.Token);
        Assert.Equal(podId, running.Id);
        Assert.Equal(pod, running.Name);
        Assert.Equal("Running", running.Status);
        Assert.Equal("client", running.Labels["app"]);
        Assert.Equal(ContainerState.Running, Assert.Single(running.Containers, c => c.Id == container).State);
        Assert.Equal(2, running.Containers.Count);   // ours and the infra container
        Assert.Contains(podId, (await Client.Pods.ListAsync(timeout.Token)).Select(p => p.Id));
        Assert.Equal(podId, (await appliance.ShAsync($"podman pod inspect --format '{{{{.Id}}}}' {pod}")).Trim());
        Assert.Equal(pod, (await Client.Containers.InspectAsync(container, timeout.Token)).GetProperty("Pod").GetString() is { } p && p == podId ? pod : "not in the pod");

        Assert.Equal(podId, await Client.Pods.StopAsync(pod, TimeSpan.FromSeconds(1), timeout.Token));
        Assert.Equal("Exited", (await Client.Pods.GetAsync(pod, timeout.Token)).Status);
        Assert.Equal(ContainerState.Exited, (await Client.Containers.GetAsync(container, timeout.Token)).State);

        Assert.Equal(podId, await Client.Pods.RemoveAsync(pod, force: true, cancellationToken: timeout.Token));
        var gone = await Assert.ThrowsAsync<PodNotFoundException>(() => Client.Pods.GetAsync(pod, timeout.Token));
        Assert.Equal(pod, gone.Id);
        Assert.False(await Client.Containers.ExistsAsync(container, timeout.Token));
        Assert.Equal("", (await appliance.ShAsync($"podman pod ps -q --filter name={pod}")).Trim());
    }

    [Fact]
    public async Task VolumeKeepsWhatOneContainerWroteForTheNext()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var volume = appliance.NewName("vol");
        Assert.Equal(volume, await Client.Volumes.CreateAsync(new VolumeCreateParameters { Name = volume, Labels = new Dictionary<string, string> { ["app"] = "client" } }, timeout.Token));
        var listed = Assert.Single(await Client.Volumes.ListAsync([volume], timeout.Token));
        Assert.Equal("local", listed.Driver);
        Assert.Equal("client", listed.Labels["app"]);
        Assert.Equal((await appliance.ShAsync($"podman volume inspect --format '{{{{.Mountpoint}}}}' {volume}")).Trim(), listed.MountPoint);
        Assert.Equal(volume, (await Client.Volumes.InspectAsync(volume, timeout.Token)).GetProperty("Name").GetString());

        var write = await Client.Containers.RunAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Volumes = [$"{volume}:/data"], Command = ["sh", "-c", "echo kept > /data/note"] }, timeout.Token);
        Assert.Equal(0, write.ExitCode);
        var read = await Client.Containers.RunAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Volumes = [$"{volume}:/data"], Command = ["cat", "/data/note"] }, timeout.Token);
        Assert.Equal((0, "kept\n"), (read.ExitCode, read.Stdout));

        var removed = await Client.Volumes.RemoveAsync([volume], cancellationToken: timeout.Token);
        Assert.Equal([volume], removed.Removed);
        Assert.Empty(removed.Failures);
        var gone = await Assert.ThrowsAsync<VolumeNotFoundException>(() => Client.Volumes.InspectAsync(volume, timeout.Token));
        Assert.Equal(volume, gone.Id);
        Assert.Equal("", (await appliance.ShAsync($"podman volume ls -q --filter name={volume}")).Trim());
    }

    [Fact]
    public async Task PruneRemovesUnusedVolumesOnly()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var unused = await Client.Volumes.CreateAsync(new VolumeCreateParameters { Name = appliance.NewName("unused") }, timeout.Token);
        var used = await Client.Volumes.CreateAsync(new VolumeCreateParameters { Name = appliance.NewName("used") }, timeout.Token);
        var container = await Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Volumes = [$"{used}:/data"], Command = ["true"] }, timeout.Token);

        var pruned = await Client.Volumes.PruneAsync(timeout.Token);
        Assert.Contains(unused, pruned.Removed);
        Assert.DoesNotContain(used, pruned.Removed);
        Assert.Single(await Client.Volumes.ListAsync([used], timeout.Token));

        await Client.Containers.RemoveAsync(container, cancellationToken: timeout.Token);
        Assert.Equal([used], (await Client.Volumes.RemoveAsync([used], cancellationToken: timeout.Token)).Removed);
    }
}
