using System.Diagnostics;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// Logs and events through SSH + bridge against what <c>podman logs</c> and <c>podman events</c> say, and
/// the streams following their client: when it leaves, the REST stream the service holds on
/// <c>/run/podman/podman.sock</c> is closed (seen from the VM's <c>/proc/net/unix</c>).
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class StreamConformanceTests(IoPodmanVm vm, ITestOutputHelper output)
{
    [Fact]
    public async Task LogLinesAreThoseOfPodmanLogs()
    {
        var name = vm.NewName("logs");
        var (id, exit) = await vm.RunToEndAsync(name, "echo one; echo two >&2; echo three");
        Assert.Equal(0, exit);

        var podmanLines = (await vm.ShAsync($"podman logs {id} 2>&1")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, podmanLines.Length);
        var lines = (await vm.CallAsync("GetContainerLogs", $$"""{"name":"{{name}}"}""")).GetProperty("container").EnumerateArray().Select(l => l.GetString()!.Split(' ', 4)).ToList();
        // The same lines in the order podman logged them (conmon reads stdout and stderr apart, so
        // "two" may come last), each with the stream it was written to.
        Assert.Equal(podmanLines, lines.Select(l => l[3]));
        Assert.All(lines, l => Assert.Equal(l[3] == "two" ? "stderr" : "stdout", l[1]));
        Assert.All(lines, l => Assert.Equal("F", l[2]));

        // podman-remote's logs: LogLine replies, then an empty one as the end marker.
        await using var connection = await vm.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var logLines = new List<JsonElement>();
        await foreach (var reply in connection.CallMoreAsync("io.podman.GetContainersLogs", Json($$"""{"names":["{{name}}"],"follow":false,"latest":false,"since":"","tail":-1,"timestamps":false}"""), timeout.Token))
        {
            logLines.Add(reply.GetProperty("log").Clone());
        }

        Assert.Equal("", logLines[^1].GetProperty("msg").GetString());
        Assert.Equal(podmanLines.Order(), logLines[..^1].Select(l => l.GetProperty("msg").GetString()!).Order());
        Assert.All(logLines[..^1], l => Assert.Equal(id, l.GetProperty("cid").GetString()));
        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{name}}","force":true,"removeVolumes":true}""");
    }

    [Fact]
    public async Task EventsAreThoseOfPodmanEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var connection = await vm.ConnectAsync(timeout.Token);
        await using var replies = connection.CallMoreAsync("io.podman.GetEvents", Json("""{"filter":[],"since":"","until":""}"""), timeout.Token).GetAsyncEnumerator(timeout.Token);

        // libpod starts tailing its event log a moment after the call: the stream is live once an event
        // of a gate container (made by the CLI) arrives; a gate made too early is missed, so another follows.
        var gate = vm.NewName("gate");
        var next = replies.MoveNextAsync().AsTask();
        for (var attempt = 0; attempt < 10 && !next.IsCompleted; attempt++)
        {
            await vm.ShAsync($"podman create --name {gate}-{attempt} {IoPodmanVm.Image} true");
            try
            {
                await next.WaitAsync(TimeSpan.FromSeconds(3));
            }
            catch (TimeoutException)
            {
                // Not live yet: the next gate.
            }
        }

        Assert.True(await next);
        var name = vm.NewName("events");
        var (id, _) = await vm.RunToEndAsync(name, "true");
        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{name}}","force":true,"removeVolumes":true}""");

        var ours = new List<JsonElement>();
        while (await replies.MoveNextAsync())
        {
            var e = replies.Current.GetProperty("events").Clone();
            if (e.GetProperty("id").GetString() == id)
            {
                ours.Add(e);
                if (e.GetProperty("status").GetString() == "remove")
                {
                    break;
                }
            }
        }

        // The same events in the same order as podman's own log, less those 1.9 did not know (dropped).
        var podman = (await vm.ShAsync($"podman events --stream=false --filter container={id} --format '{{{{.Status}}}} {{{{.Name}}}} {{{{.Type}}}}'"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("health_status", StringComparison.Ordinal));
        Assert.Equal(podman, ours.Select(e => $"{e.GetProperty("status").GetString()} {e.GetProperty("name").GetString()} {e.GetProperty("type").GetString()}"));
        foreach (var status in new[] { "create", "init", "start", "died", "remove" })
        {
            Assert.Contains(ours, e => e.GetProperty("status").GetString() == status);
        }

        await vm.ShAsync($"podman rm -f $(podman ps -a -q --filter name={gate}-)");
    }

    [Fact]
    public async Task FollowedEventsCloseTheirRestStreamWhenTheClientLeaves()
    {
        var trigger = vm.NewName("trigger");
        int made = 0;
        await FollowThenLeaveAsync(
            "io.podman.GetEvents",
            """{"filter":["event=create"],"since":"","until":""}""",
            () => vm.ShAsync($"podman create --name {trigger}-{made++} {IoPodmanVm.Image} true"),
            "GetEvents");
        await vm.ShAsync($"podman rm -f $(podman ps -a -q --filter name={trigger}-)");
    }

    [Fact]
    public async Task FollowedLogsCloseTheirRestStreamWhenTheClientLeaves()
    {
        var name = vm.NewName("follow");
        await vm.CreateAsync(name, "while true; do echo tick; sleep 0.2; done");
        await vm.CallAsync("StartContainer", $$"""{"name":"{{name}}"}""");
        await FollowThenLeaveAsync("io.podman.GetContainerLogs", $$"""{"name":"{{name}}"}""", () => Task.CompletedTask, "GetContainerLogs");
        await vm.CallAsync("RemoveContainer", $$"""{"name":"{{name}}","force":true,"removeVolumes":true}""");
    }

    /// <summary>
    /// Starts a followed call, waits for its first reply (the REST stream is then open), notes libpod's
    /// connections, leaves, and polls in the VM until one of them is gone. Without the per-call
    /// cancellation every one of them stays.
    /// </summary>
    private async Task FollowThenLeaveAsync(string method, string parameters, Func<Task> provoke, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var connection = await vm.ConnectAsync(timeout.Token);
        HashSet<string> during;
        await using (connection)
        {
            await using var replies = connection.CallMoreAsync(method, Json(parameters), timeout.Token).GetAsyncEnumerator(timeout.Token);
            var first = replies.MoveNextAsync().AsTask();
            // libpod starts reading its event log a moment after the call: an event made before that is
            // not sent, so the provoking step is repeated (bounded) until the first reply is there.
            for (int attempt = 0; attempt < 20 && !first.IsCompleted; attempt++)
            {
                await provoke();
                await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(3), timeout.Token));
            }

            Assert.True(await first);
            during = await LibpodConnectionsAsync();
            Assert.NotEmpty(during);
        }

        var clock = Stopwatch.StartNew();
        var inodes = string.Join(' ', during);
        var seen = (await vm.ShAsync(
            $"for i in $(seq 200); do for n in {inodes}; do grep -q \" $n /run/podman/podman.sock$\" /proc/net/unix || {{ echo gone; exit 0; }}; done; sleep 0.05; done; echo stayed")).Trim();
        clock.Stop();
        output.WriteLine($"{what}: the REST stream was closed {clock.Elapsed.TotalMilliseconds:0} ms after the client left (host side, including one SSH command)");
        Assert.Equal("gone", seen);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{what}: the REST stream was closed only {clock.Elapsed} after the client left");
    }

    /// <summary>The inodes of libpod's connected server-side sockets (one per open REST connection).</summary>
    private async Task<HashSet<string>> LibpodConnectionsAsync()
        => (await vm.ShAsync("awk '$6 == \"03\" && $8 == \"/run/podman/podman.sock\" { print $7 }' /proc/net/unix"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
