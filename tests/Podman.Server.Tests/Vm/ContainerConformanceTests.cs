using System.Text.Json;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// System and container methods of part 1 called through SSH + the VM's varlink bridge, each answer
/// checked against what the podman CLI in the VM says of the same object. podman 4's state names are
/// expected as 1.9's: created → configured, initialized → created.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class ContainerConformanceTests(IoPodmanVm vm)
{
    [Fact]
    public async Task GetVersionAndGetInfoSayWhatPodmanSays()
    {
        var version = await vm.CallAsync("GetVersion");
        Assert.Equal("1.9.3", version.GetProperty("version").GetString());
        Assert.Equal(await Sh("podman version --format '{{.Client.GoVersion}}'"), version.GetProperty("go_version").GetString());
        Assert.Equal(await Sh("podman version --format '{{.Client.OsArch}}'"), version.GetProperty("os_arch").GetString());

        var info = (await vm.CallAsync("GetInfo")).GetProperty("info");
        Assert.Equal(await Sh("podman info --format '{{.Host.Hostname}}'"), info.GetProperty("host").GetProperty("hostname").GetString());
        Assert.Equal(await Sh("podman info --format '{{.Host.Kernel}}'"), info.GetProperty("host").GetProperty("kernel").GetString());
        Assert.Equal(await Sh("podman info --format '{{.Store.GraphDriverName}}'"), info.GetProperty("store").GetProperty("graph_driver_name").GetString());
        Assert.Equal(await Sh("podman version --format '{{.Client.Version}}'"), info.GetProperty("podman").GetProperty("podman_version").GetString());
    }

    [Fact]
    public async Task ALifecycleThroughIoPodmanIsWhatPodmanSees()
    {
        var name = vm.NewName("life");
        var id = await vm.CreateAsync(name, "trap 'exit 3' TERM; while true; do sleep 0.2; done");
        Assert.Equal(await vm.PodmanFormatAsync(name, "{{.Id}}"), id);
        await AssertStateAsync(id, "created", "configured");
        Assert.Equal(0, (await vm.CallAsync("ContainerExists", $$"""{"name":"{{name}}"}""")).GetProperty("exists").GetInt64());
        Assert.Contains(id, await ByStatusAsync("configured"));

        Assert.Equal(id, (await vm.CallAsync("InitContainer", $$"""{"name":"{{name}}"}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "initialized", "created");

        Assert.Equal(id, (await vm.CallAsync("StartContainer", $$"""{"name":"{{name}}"}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "running", "running");
        Assert.Contains(id, await ByStatusAsync("running"));
        var state = JsonDocument.Parse((await vm.CallAsync("ContainerStateData", $$"""{"name":"{{id}}"}""")).GetProperty("config").GetString()!).RootElement;
        Assert.Equal(3, state.GetProperty("state").GetInt32());
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.State.Pid}}"), state.GetProperty("pid").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(id, (await vm.CallAsync("PauseContainer", $$"""{"name":"{{name}}"}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "paused", "paused");
        Assert.Equal(id, (await vm.CallAsync("UnpauseContainer", $$"""{"name":"{{name}}"}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "running", "running");

        var pid = await vm.PodmanFormatAsync(id, "{{.State.Pid}}");
        Assert.Equal(id, (await vm.CallAsync("RestartContainer", $$"""{"name":"{{name}}","timeout":5}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "running", "running");
        Assert.NotEqual(pid, await vm.PodmanFormatAsync(id, "{{.State.Pid}}"));

        // The trap answers SIGTERM with exit 3: the exit code podman records is the one io.podman reports.
        Assert.Equal(id, (await vm.CallAsync("StopContainer", $$"""{"name":"{{name}}","timeout":10}""")).GetProperty("container").GetString());
        await AssertStateAsync(id, "exited", "exited");
        Assert.Equal("3", await vm.PodmanFormatAsync(id, "{{.State.ExitCode}}"));
        Assert.Equal(3, (await vm.CallAsync("WaitContainer", $$"""{"name":"{{name}}","interval":100}""")).GetProperty("exitcode").GetInt64());

        Assert.Equal(id, (await vm.CallAsync("RemoveContainer", $$"""{"name":"{{name}}","force":false,"removeVolumes":true}""")).GetProperty("container").GetString());
        Assert.Equal(1, (await vm.CallAsync("ContainerExists", $$"""{"name":"{{name}}"}""")).GetProperty("exists").GetInt64());
        Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman container exists {id}")).ExitCode);
    }

    [Fact]
    public async Task KillAndWaitGiveTheExitCodePodmanRecorded()
    {
        var name = vm.NewName("kill");
        var id = await vm.CreateAsync(name, "sleep 600");
        await vm.CallAsync("StartContainer", $$"""{"name":"{{id}}"}""");
        Assert.Equal(id, (await vm.CallAsync("KillContainer", $$"""{"name":"{{name}}","signal":9}""")).GetProperty("container").GetString());
        var exit = (await vm.CallAsync("WaitContainer", $$"""{"name":"{{name}}","interval":100}""")).GetProperty("exitcode").GetInt64();
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.State.ExitCode}}"), exit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(137, exit);
        await AssertStateAsync(id, "exited", "exited");
        Assert.Equal(id, (await vm.CallAsync("EvictContainer", $$"""{"name":"{{name}}","removeVolumes":true}""")).GetProperty("container").GetString());
        Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman container exists {id}")).ExitCode);
    }

    [Fact]
    public async Task ListsAndQueriesNameTheContainersPodmanLists()
    {
        var name = vm.NewName("query");
        var id = await vm.CreateAsync(name, "mkdir /tmp/made; echo x > /tmp/made/file; sleep 600", ",\"label\":[\"suite=io\"],\"healthcheckCommand\":\"true\",\"healthcheckInterval\":\"0\"");
        await vm.CallAsync("StartContainer", $$"""{"name":"{{name}}"}""");

        var psIds = (await Sh("podman ps -a --no-trunc --format '{{.ID}}'")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var listed = (await vm.CallAsync("ListContainers")).GetProperty("containers").EnumerateArray().ToList();
        Assert.Equal(psIds, listed.Select(c => c.GetProperty("id").GetString()!).ToHashSet());
        var mine = listed.Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal(name, mine.GetProperty("names").GetString());
        Assert.Equal("running", mine.GetProperty("status").GetString());
        Assert.True(mine.GetProperty("containerrunning").GetBoolean());
        Assert.Equal("io", mine.GetProperty("labels").GetProperty("suite").GetString());

        var got = (await vm.CallAsync("GetContainer", $$"""{"id":"{{name}}"}""")).GetProperty("container");
        Assert.Equal(id, got.GetProperty("id").GetString());
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.ImageName}}"), got.GetProperty("image").GetString());

        var ps = (await vm.CallAsync("Ps", """{"opts":{"all":true,"noTrunc":true}}""")).GetProperty("containers").EnumerateArray().ToList();
        Assert.Equal(psIds, ps.Select(c => c.GetProperty("id").GetString()!).ToHashSet());
        var row = ps.Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal(name, row.GetProperty("names").GetString());
        Assert.Equal("running", row.GetProperty("state").GetString());
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.State.Pid}}"), row.GetProperty("pidNum").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var all = (await vm.CallAsync("GetContainersByContext", """{"all":true,"latest":false,"args":[]}""")).GetProperty("containers").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        Assert.Equal(psIds, all);
        var byName = (await vm.CallAsync("GetContainersByContext", $$"""{"all":false,"latest":false,"args":["{{name}}"]}""")).GetProperty("containers");
        Assert.Equal(id, Assert.Single(byName.EnumerateArray()).GetString());
        var latest = (await vm.CallAsync("GetContainersByContext", """{"all":false,"latest":true,"args":[]}""")).GetProperty("containers");
        Assert.Equal(await Sh("podman ps -a --latest --no-trunc --format '{{.ID}}'"), Assert.Single(latest.EnumerateArray()).GetString());

        var inspect = JsonDocument.Parse((await vm.CallAsync("InspectContainer", $$"""{"name":"{{name}}"}""")).GetProperty("container").GetString()!).RootElement;
        Assert.Equal(id, inspect.GetProperty("Id").GetString());
        Assert.Equal(name, inspect.GetProperty("Name").GetString());
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.State.Pid}}"), inspect.GetProperty("State").GetProperty("Pid").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = JsonDocument.Parse((await vm.CallAsync("ContainerInspectData", $$"""{"name":"{{name}}","size":false}""")).GetProperty("config").GetString()!).RootElement;
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.HostConfig.LogConfig.Path}}"), data.GetProperty("LogPath").GetString());

        var config = JsonDocument.Parse((await vm.CallAsync("ContainerConfig", $$"""{"name":"{{name}}"}""")).GetProperty("config").GetString()!).RootElement;
        Assert.Equal(id, config.GetProperty("id").GetString());
        Assert.Equal(name, config.GetProperty("name").GetString());
        Assert.Equal(await vm.PodmanFormatAsync(id, "{{.Image}}"), config.GetProperty("rootfsImageID").GetString());
        var spec = JsonDocument.Parse((await vm.CallAsync("Spec", $$"""{"name":"{{name}}"}""")).GetProperty("config").GetString()!).RootElement;
        var specInVm = JsonDocument.Parse(await Sh($"cat $(podman container inspect --format '{{{{.OCIConfigPath}}}}' {id})")).RootElement;
        Assert.Equal(specInVm.GetProperty("process").GetProperty("args").GetRawText(), spec.GetProperty("process").GetProperty("args").GetRawText());
        Assert.Equal("io.podman.ErrorOccurred", (await vm.CallErrorAsync("ContainerArtifacts", $$"""{"name":"{{name}}","artifactName":"none"}""")).ErrorName);

        // Processes, as `podman top` lists them with the same descriptors.
        var top = await Sh($"podman top {id} pid comm");
        Assert.Equal(Rows(top), Rows((await vm.CallAsync("Top", $$"""{"nameOrID":"{{name}}","descriptors":["pid","comm"]}""")).GetProperty("top")));
        Assert.Equal(Rows(top), Rows((await vm.CallAsync("ListContainerProcesses", $$"""{"name":"{{name}}","opts":["pid","comm"]}""")).GetProperty("container")));

        // Changes, as `podman diff` lists them (the script has made /tmp/made/file by now: wait for it).
        await Sh($"for i in $(seq 100); do podman diff {id} | grep -q /tmp/made/file && exit 0; sleep 0.1; done; exit 1");
        var podmanDiff = (await Sh($"podman diff {id}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var diff = (await vm.CallAsync("Diff", $$"""{"name":"{{name}}"}""")).GetProperty("diffs").EnumerateArray()
            .Select(d => $"{d.GetProperty("changeType").GetString()} {d.GetProperty("path").GetString()}").ToHashSet();
        Assert.Equal(podmanDiff, diff);
        var changes = (await vm.CallAsync("ListContainerChanges", $$"""{"name":"{{name}}"}""")).GetProperty("container");
        Assert.Equal(podmanDiff.Where(l => l[0] == 'A').Select(l => l[2..]).ToHashSet(), changes.GetProperty("added").EnumerateArray().Select(e => e.GetString()!).ToHashSet());
        Assert.Equal(podmanDiff.Where(l => l[0] == 'C').Select(l => l[2..]).ToHashSet(), changes.GetProperty("changed").EnumerateArray().Select(e => e.GetString()!).ToHashSet());

        // Stats of the same container; with history, the CPU share is computed against the earlier sample.
        var stats = (await vm.CallAsync("GetContainerStats", $$"""{"name":"{{name}}"}""")).GetProperty("container");
        Assert.Equal(id, stats.GetProperty("id").GetString());
        Assert.Equal(name, stats.GetProperty("name").GetString());
        Assert.True(stats.GetProperty("mem_usage").GetInt64() > 0);
        Assert.Equal(await Sh($"podman stats --no-stream --format '{{{{.PIDs}}}}' {id}"), stats.GetProperty("pids").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var history = (await vm.CallAsync("GetContainerStatsWithHistory", $$"""{"previousStats":{{stats.GetRawText()}}}""")).GetProperty("container");
        Assert.Equal(id, history.GetProperty("id").GetString());
        Assert.True(history.GetProperty("cpu_nano").GetInt64() >= stats.GetProperty("cpu_nano").GetInt64());

        // Healthcheck: `true` is healthy, as podman's own run says (exit 0).
        Assert.Equal("healthy", (await vm.CallAsync("HealthCheckRun", $$"""{"nameOrID":"{{name}}"}""")).GetProperty("healthCheckStatus").GetString());
        Assert.Equal(0, (await vm.Machine.RunAsync($"podman healthcheck run {id}")).ExitCode);

        // Mounts (of a container that is not running: a running one cannot be unmounted): the path
        // io.podman mounted is the one podman lists, and after the unmount podman lists it no more.
        var idle = vm.NewName("mount");
        var idleId = await vm.CreateAsync(idle, "true");
        var path = (await vm.CallAsync("MountContainer", $$"""{"name":"{{idle}}"}""")).GetProperty("path").GetString()!;
        Assert.Contains($"{idleId} {path}", (await Sh("podman mount --no-trunc")).Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal(path, (await vm.CallAsync("ListContainerMounts")).GetProperty("mounts").GetProperty(idleId).GetString());
        await vm.CallAsync("UnmountContainer", $$"""{"name":"{{idle}}","force":false}""");
        Assert.DoesNotContain(idleId, await Sh("podman mount --no-trunc"));
        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{idle}}","force":true,"removeVolumes":true}""");

        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{name}}","force":true,"removeVolumes":true}""");
    }

    [Fact]
    public async Task ExportWritesTheContainersFilesAndStoppedOnesAreDeleted()
    {
        var name = vm.NewName("export");
        var (id, exit) = await vm.RunToEndAsync(name, "echo done");
        Assert.Equal(0, exit);
        var tar = (await vm.CallAsync("ExportContainer", $$"""{"name":"{{name}}","path":"/tmp/{{name}}.tar"}""")).GetProperty("tarfile").GetString();
        Assert.Equal($"/tmp/{name}.tar", tar);
        Assert.Contains("bin/busybox", await Sh($"tar tf {tar}"));
        await Sh($"rm -f {tar}");

        // Checkpoint needs CRIU, which the appliance does not carry: podman's own refusal, typed.
        var running = vm.NewName("ckpt");
        await vm.CreateAsync(running, "sleep 600");
        await vm.CallAsync("StartContainer", $$"""{"name":"{{running}}"}""");
        var checkpoint = await vm.CallErrorAsync("ContainerCheckpoint", $$"""{"name":"{{running}}","keep":false,"leaveRunning":true,"tcpEstablished":false}""");
        Assert.Equal("io.podman.ErrorOccurred", checkpoint.ErrorName);
        Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman container checkpoint --leave-running {running}")).ExitCode);
        Assert.Equal("io.podman.ErrorOccurred", (await vm.CallErrorAsync("ContainerRestore", $$"""{"name":"{{running}}","keep":false,"tcpEstablished":false}""")).ErrorName);

        var stopped = (await Sh("podman ps -a --no-trunc --filter status=exited --filter status=created --format '{{.ID}}'")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Contains(id, stopped);
        var deleted = (await vm.CallAsync("DeleteStoppedContainers")).GetProperty("containers").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        Assert.Equal(stopped, deleted);
        Assert.Equal(0, (await vm.Machine.RunAsync($"podman container exists {running}")).ExitCode);
        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{running}}","force":true,"removeVolumes":true}""");
    }

    private async Task<string> Sh(string command) => (await vm.ShAsync(command)).Trim();

    /// <summary>podman 4's state (from the CLI) and 1.9's (from GetContainer and InspectContainer) of a container.</summary>
    private async Task AssertStateAsync(string id, string podmanState, string v1State)
    {
        Assert.Equal(podmanState, await vm.PodmanFormatAsync(id, "{{.State.Status}}"));
        Assert.Equal(v1State, (await vm.CallAsync("GetContainer", $$"""{"id":"{{id}}"}""")).GetProperty("container").GetProperty("status").GetString());
        var inspect = JsonDocument.Parse((await vm.CallAsync("InspectContainer", $$"""{"name":"{{id}}"}""")).GetProperty("container").GetString()!);
        Assert.Equal(v1State, inspect.RootElement.GetProperty("State").GetProperty("Status").GetString());
    }

    private async Task<HashSet<string>> ByStatusAsync(string v1State)
        => (await vm.CallAsync("GetContainersByStatus", $$"""{"status":["{{v1State}}"]}""")).GetProperty("containerS").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet();

    private static List<string> Rows(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalize)];

    private static List<string> Rows(JsonElement lines) => [.. lines.EnumerateArray().Select(l => Normalize(l.GetString()!)).Where(l => l.Length > 0)];

    private static string Normalize(string line) => string.Join(' ', line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
