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
}
