namespace Podman.Client.Tests;

/// <summary>
/// Every io.podman method is reached through the public facade: each call below goes to a FakePodman that
/// serves nothing, and the recorded method names must be the interface's 97 (read from io.podman.varlink).
/// </summary>
public sealed class FacadeCoverageTests
{
    private static readonly Func<PodmanClient, Task>[] FacadeCalls =
    [
        c => c.System.GetVersionAsync(), c => c.System.GetInfoAsync(), c => c.System.ResetAsync(),
        c => c.System.SendFileAsync(new MemoryStream([1, 2]), 2), c => c.System.ReceiveFileAsync("/f", new MemoryStream()),
        c => Drain(c.Events.StreamAsync()),
        c => c.Containers.ListAsync(), c => c.Containers.PsAsync(), c => c.Containers.ListByStateAsync([ContainerState.Running]),
        c => c.Containers.ResolveAsync(["a"]), c => c.Containers.GetAsync("a"), c => c.Containers.ExistsAsync("a"),
        c => c.Containers.InspectAsync("a"), c => c.Containers.InspectDataAsync("a"), c => c.Containers.GetConfigAsync("a"),
        c => c.Containers.GetStateAsync("a"), c => c.Containers.GetSpecAsync("a"), c => c.Containers.GetArtifactAsync("a", "create-config"),
        c => c.Containers.CreateAsync(new ContainerCreateParameters { Image = "busybox" }), c => c.Containers.CreateFromCheckpointConfigAsync(["x"]),
        c => c.Containers.StartAsync("a"), c => c.Containers.InitAsync("a"), c => c.Containers.StopAsync("a"), c => c.Containers.RestartAsync("a"),
        c => c.Containers.KillAsync("a"), c => c.Containers.PauseAsync("a"), c => c.Containers.UnpauseAsync("a"), c => c.Containers.WaitAsync("a"),
        c => c.Containers.RemoveAsync("a"), c => c.Containers.EvictAsync("a"), c => c.Containers.PruneAsync(),
        c => Drain(c.Containers.LogsAsync("a")), c => Drain(c.Containers.ReadLogTextAsync("a")), c => c.Containers.GetStatsAsync("a"), c => Drain(c.Containers.StatsAsync("a", TimeSpan.FromMilliseconds(1))),
        c => c.Containers.TopAsync("a"), c => c.Containers.ListProcessesAsync("a"), c => c.Containers.RunHealthCheckAsync("a"),
        c => c.Containers.GetChangesAsync("a"), c => c.Containers.DiffAsync("a"), c => c.Containers.ExportAsync("a", "/t.tar"),
        c => c.Containers.ListMountsAsync(), c => c.Containers.MountAsync("a"), c => c.Containers.UnmountAsync("a"),
        c => c.Containers.CheckpointAsync("a"), c => c.Containers.RestoreAsync("a"),
        c => Drain(c.Containers.CommitAsync("a", new ContainerCommitParameters { ImageName = "i" })),
        c => c.Containers.AttachAsync("a"), c => c.Containers.AttachControlAsync("a"), c => c.Containers.GetAttachSocketsAsync("a"),
        c => c.Containers.ExecAsync("a", new ExecParameters { Command = ["true"] }),
        c => c.Images.ListAsync(), c => c.Images.ListAsync(["dangling=true"]), c => c.Images.GetAsync("i"), c => c.Images.ExistsAsync("i"),
        c => c.Images.InspectAsync("i"), c => c.Images.GetHistoryAsync("i"), c => c.Images.GetTreeAsync("i"), c => c.Images.GetHierarchyAsync("i"),
        c => c.Images.GetLayersMapAsync(), c => Drain(c.Images.PullAsync("busybox")), c => Drain(c.Images.PushAsync("i")),
        c => Drain(c.Images.BuildAsync(new ImageBuildParameters { ContextDirectory = "/ctx" })), c => c.Images.TagAsync("i", "j"),
        c => c.Images.UntagAsync("i", "j"), c => c.Images.RemoveAsync("i"), c => c.Images.SearchAsync("busybox"), c => c.Images.RemoveUnusedAsync(),
        c => c.Images.PruneAsync(), c => c.Images.ImportAsync("/r.tar", "i"), c => c.Images.ExportAsync("i", "docker-archive:/i.tar"),
        c => Drain(c.Images.SaveAsync("i", new ImageSaveParameters { Output = "/i.tar" })), c => Drain(c.Images.LoadAsync("/i.tar")),
        c => c.Images.RunLabelAsync("i", "RUN"),
        c => c.Pods.CreateAsync(), c => c.Pods.ListAsync(), c => c.Pods.GetAsync("p"), c => c.Pods.InspectAsync("p"), c => c.Pods.GetStateAsync("p"),
        c => c.Pods.StartAsync("p"), c => c.Pods.StopAsync("p"), c => c.Pods.RestartAsync("p"), c => c.Pods.KillAsync("p"), c => c.Pods.PauseAsync("p"),
        c => c.Pods.UnpauseAsync("p"), c => c.Pods.RemoveAsync("p"), c => c.Pods.TopAsync("p"), c => c.Pods.GetStatsAsync("p"),
        c => c.Pods.ListIdsByStatusAsync(["running"]), c => c.Pods.ResolveAsync(["p"]), c => c.Pods.GenerateKubeAsync("p"),
        c => c.Volumes.CreateAsync(), c => c.Volumes.ListAsync(), c => c.Volumes.InspectAsync("v"), c => c.Volumes.RemoveAsync(["v"]), c => c.Volumes.PruneAsync(),
    ];

    [Fact]
    public async Task FacadeReachesEveryIoPodmanMethod()
    {
        // GetContainerStats is served so that the stats stream goes on to GetContainerStatsWithHistory.
        await using var podman = new FakePodman().Reply("GetContainerStats", Replies.Stats);
        await using var client = podman.CreateClient();
        foreach (var call in FacadeCalls)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var error = await Record.ExceptionAsync(() => call(client).WaitAsync(timeout.Token));
            Assert.True(error is null or PodmanNotImplementedException, error?.ToString());
        }

        var reached = podman.Calls.ToHashSet();
        var methods = FakePodman.InterfaceMethods();
        Assert.Equal(97, methods.Count);
        var missed = methods.Except(reached).ToList();
        var unknown = reached.Except(methods).ToList();
        Assert.True(missed.Count == 0, "not reached: " + string.Join(", ", missed));
        Assert.True(unknown.Count == 0, "not in io.podman: " + string.Join(", ", unknown));
    }

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var item in items)
        {
            _ = item;
        }
    }
}
