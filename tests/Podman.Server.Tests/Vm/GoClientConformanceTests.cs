using System.Text.Json;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// A client whose transport no one here wrote: Go bindings generated from io.podman.varlink by
/// varlink-go-interface-generator (built by GoClient/build.sh into a temporary directory), driving
/// the service through <c>ssh … varlink bridge</c> with OpenSSH and the machine's pinned host key.
/// Its answers are checked against what podman says in the VM.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class GoClientConformanceTests(IoPodmanVm vm, ITestOutputHelper output)
{
    [Fact]
    public async Task TheGeneratedGoClientListsCreatesStartsReadsStopsRemovesAndFollowsEvents()
    {
        using var dir = new TempDirectory();
        var go = new GoPeer(vm, output, dir);
        var program = await go.BuildAsync();
        var bridge = await go.BridgeAsync();

        var before = (await vm.ShAsync("podman ps -a -q --no-trunc")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var name = vm.NewName("go");
        var printed = await go.RunAsync(program, ["-bridge", bridge, "-image", IoPodmanVm.Image, "-name", name]);
        var steps = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(s => s.GetProperty("step").GetString()!);

        Assert.Equal("1.9.3", steps["version"].GetProperty("version").GetString());
        Assert.Equal(before, steps["list"].GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToHashSet());
        var id = steps["create"].GetProperty("id").GetString()!;
        Assert.Equal(64, id.Length);
        Assert.Equal("configured", steps["created"].GetProperty("status").GetString());
        Assert.Equal(id, steps["start"].GetProperty("id").GetString());
        Assert.Equal("running", steps["start"].GetProperty("status").GetString());
        var line = Assert.Single(steps["logs"].GetProperty("lines").EnumerateArray()).GetString()!;
        Assert.EndsWith(" stdout F hello from go", line, StringComparison.Ordinal);
        Assert.Equal(id, steps["stop"].GetProperty("id").GetString());
        Assert.Equal("exited", steps["stop"].GetProperty("status").GetString());
        Assert.Equal(0, steps["stop"].GetProperty("exitcode").GetInt64());
        Assert.Equal(id, steps["remove"].GetProperty("id").GetString());
        Assert.Equal(name, steps["missing"].GetProperty("id").GetString());

        // What podman says of the same container: its log, its end, and that it is gone.
        Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman container exists {id}")).ExitCode);
        var podmanEvents = (await vm.ShAsync($"podman events --stream=false --filter container={id} --format '{{{{.Status}}}}'"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "health_status").ToList();
        var events = steps["events"].GetProperty("events").EnumerateArray().ToList();
        Assert.All(events, e => Assert.Equal(id, e.GetProperty("id").GetString()));
        Assert.Equal(podmanEvents, events.Select(e => e.GetProperty("status").GetString()!));
        Assert.Equal("remove", podmanEvents[^1]);
    }

    [Fact]
    public async Task TheGeneratedGoClientHandlesVolumesPodsPushPullAndABuildWithItsContextSentByFile()
    {
        using var dir = new TempDirectory();
        var go = new GoPeer(vm, output, dir);
        var program = await go.BuildAsync("images/main.go");
        var (volume, pod, built) = (vm.NewName("go-vol"), vm.NewName("go-pod"), $"localhost/{vm.NewName("go-built")}:1");
        var registry = vm.HostRegistry.GuestAddress;
        var imageId = await vm.ImageIdAsync(IoPodmanVm.Image);
        var transfers = await vm.TransferFilesAsync();
        try
        {
            var printed = await go.RunAsync(program, ["-bridge", await go.BridgeAsync(), "-image", IoPodmanVm.Image, "-registry", registry, "-volume", volume, "-pod", pod, "-built", built]);
            var steps = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .ToDictionary(s => s.GetProperty("step").GetString()!);

            var volumes = steps["volume"];
            Assert.Equal(volume, volumes.GetProperty("created").GetString());
            Assert.Contains(volume, volumes.GetProperty("listed").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal([volume], volumes.GetProperty("removed").EnumerateArray().Select(v => v.GetString()));
            Assert.DoesNotContain(volume, volumes.GetProperty("after").EnumerateArray().Select(v => v.GetString()));
            Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman volume exists {volume}")).ExitCode);

            var pods = steps["pod"];
            var podId = pods.GetProperty("created").GetString();
            Assert.Equal(await vm.ShAsync($"podman pod inspect --format '{{{{.ID}}}}' {pod}"), podId + "\n");
            Assert.Equal(podId, pods.GetProperty("started").GetString());
            Assert.Equal(podId, pods.GetProperty("inspect").GetProperty("Config").GetProperty("id").GetString());
            Assert.Equal("Running", pods.GetProperty("inspect").GetProperty("State").GetProperty("status").GetString());
            Assert.Equal("Running", pods.GetProperty("status").GetString());
            Assert.Equal("Running", (await vm.ShAsync($"podman pod inspect --format '{{{{.State}}}}' {pod}")).Trim());

            var pushed = steps["push"];
            Assert.True(pushed.GetProperty("replies").GetInt32() > 1, "push progress comes as several replies");
            Assert.Equal(imageId, pushed.GetProperty("id").GetString());
            Assert.Contains(pushed.GetProperty("logs").EnumerateArray(), l => l.GetString()!.Contains("Writing manifest", StringComparison.Ordinal));
            var digest = await vm.HostRegistry.GetManifestDigestAsync("go/bb", "v1");
            Assert.NotNull(digest);

            var pulled = steps["pull"];
            Assert.True(pulled.GetProperty("replies").GetInt32() > 1, "pull progress comes as several replies");
            Assert.Equal(imageId, pulled.GetProperty("id").GetString());
            Assert.Contains($"{registry}/go/bb@{digest}", await vm.ShAsync($"podman inspect {registry}/go/bb:v1 --format '{{{{json .RepoDigests}}}}'"), StringComparison.Ordinal);

            Assert.NotEqual("", steps["pull-missing"].GetProperty("reason").GetString());
            Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman image exists {registry}/go/nosuch:v1")).ExitCode);

            var build = steps["build"];
            Assert.True(build.GetProperty("replies").GetInt32() > 3, "the build's output comes line by line");
            Assert.Equal(3, build.GetProperty("steps").GetInt32());
            Assert.Contains(build.GetProperty("logs").EnumerateArray(), l => l.GetString()!.Contains("STEP 3/3: RUN echo ran >> /greeting", StringComparison.Ordinal));
            Assert.Equal(await vm.ImageIdAsync(built), build.GetProperty("id").GetString());
            Assert.Equal("hi from go\nran\n", await vm.ShAsync($"podman run --rm {built} cat /greeting"));
            Assert.NotEqual(0, (await vm.Machine.RunAsync($"test -e {build.GetProperty("handle").GetString()}")).ExitCode);
            Assert.Equal(transfers, await vm.TransferFilesAsync());
        }
        finally
        {
            await vm.Machine.RunAsync($"podman pod rm -f {pod}; podman volume rm -f {volume}; podman rmi -f {built} {registry}/go/bb:v1");
        }
    }
}
