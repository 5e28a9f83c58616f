using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>
/// io.podman through the real server stack (varlink over a unix socket, the generated server base,
/// the mappings, the REST client) against libpod replies recorded from podman 4.3.1. Expected values
/// come from the recordings and from what the podman CLI said when they were made (podman-ps.txt).
/// </summary>
public sealed class ServiceTests : IAsyncLifetime
{
    private ServiceHarness _service = null!;

    private FakeLibpod Libpod => _service.Libpod;

    public async Task InitializeAsync()
    {
        _service = await ServiceHarness.StartAsync();
        Libpod.ReplyFile("GET", "version", "version.json");
        Libpod.ReplyFile("GET", "info", "info.json");
        Libpod.ReplyFile("GET", "containers/nosuch/json", "error-no-such-container.json", 404);
        foreach (var (name, file) in new[] { ("rec-created", "inspect-created.json"), ("rec-running", "inspect-running.json"), ("rec-exited", "inspect-exited.json") })
        {
            Libpod.ReplyFile("GET", $"containers/{name}/json", file);
            Libpod.ReplyFile("GET", $"containers/{Id(name)}/json", file);
        }
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_service.Failures);
        await _service.DisposeAsync();
    }

    /// <summary>Full IDs by name, from the recorded list.</summary>
    private static string Id(string name)
    {
        using var list = JsonDocument.Parse(Recorded.Bytes("containers-all.json"));
        return list.RootElement.EnumerateArray().Single(c => c.GetProperty("Names")[0].GetString() == name).GetProperty("Id").GetString()!;
    }

    /// <summary>What <c>podman ps -a</c> said in the VM: short ID and state by name.</summary>
    private static Dictionary<string, (string ShortId, string State)> PodmanPs()
        => Recorded.Text("podman-ps.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => p[1], p => (p[0], p[2]));

    [Fact]
    public async Task GetVersionSays193WithTheEnginesGoVersion()
    {
        var reply = await _service.CallAsync("GetVersion");
        using var recorded = JsonDocument.Parse(Recorded.Bytes("version.json"));
        Assert.Equal("1.9.3", reply.GetProperty("version").GetString());
        Assert.Equal(recorded.RootElement.GetProperty("GoVersion").GetString(), reply.GetProperty("go_version").GetString());
        Assert.Equal("linux/amd64", reply.GetProperty("os_arch").GetString());
        Assert.Equal(1, reply.GetProperty("remote_api_version").GetInt64());
        AssertNoNullScalars(reply);
    }

    [Fact]
    public async Task GetVersionAsksLibpodOnceAndAnswersLaterCallsFromThat()
    {
        var first = await _service.CallAsync("GetVersion");
        var second = await _service.CallAsync("GetVersion");
        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Single(_service.Libpod.Requests, r => r == "GET version");
    }

    [Fact]
    public async Task GetVersionAsksAgainAfterAFailure()
    {
        await using var service = await ServiceHarness.StartAsync();
        service.Libpod.Reply("GET", "version", 500, """{"cause":"busy","message":"busy","response":500}""");
        Assert.Equal("io.podman.ErrorOccurred", (await service.CallErrorAsync("GetVersion")).ErrorName);
        service.Libpod.ReplyFile("GET", "version", "version.json");
        Assert.Equal("1.9.3", (await service.CallAsync("GetVersion")).GetProperty("version").GetString());
        Assert.Equal(2, service.Libpod.Requests.Count(r => r == "GET version"));
    }

    [Fact]
    public async Task WarmUpAsksLibpodForTheVersionBeforeAnyCallAndTheFirstCallIsAnsweredFromIt()
    {
        await _service.Service.WarmUpAsync();
        Assert.Single(Libpod.Requests, r => r == "GET version");
        Assert.Equal("1.9.3", (await _service.CallAsync("GetVersion")).GetProperty("version").GetString());
        Assert.Single(Libpod.Requests, r => r == "GET version");
    }

    [Fact]
    public async Task AFailedWarmUpIsAskedAgainByTheFirstCall()
    {
        await using var service = await ServiceHarness.StartAsync();
        service.Libpod.Reply("GET", "version", 500, """{"cause":"busy","message":"busy","response":500}""");
        await service.Service.WarmUpAsync();   // the failure is the calls' to report
        service.Libpod.ReplyFile("GET", "version", "version.json");
        Assert.Equal("1.9.3", (await service.CallAsync("GetVersion")).GetProperty("version").GetString());
        Assert.Equal(2, service.Libpod.Requests.Count(r => r == "GET version"));
    }

    [Fact]
    public async Task GetInfoReshapesLibpodInfo()
    {
        var info = (await _service.CallAsync("GetInfo")).GetProperty("info");
        using var recorded = JsonDocument.Parse(Recorded.Bytes("info.json"));
        var host = recorded.RootElement.GetProperty("host");
        Assert.Equal(host.GetProperty("hostname").GetString(), info.GetProperty("host").GetProperty("hostname").GetString());
        Assert.Equal(host.GetProperty("memTotal").GetInt64(), info.GetProperty("host").GetProperty("mem_total").GetInt64());
        Assert.Equal("overlay", info.GetProperty("store").GetProperty("graph_driver_name").GetString());
        Assert.StartsWith("map[", info.GetProperty("store").GetProperty("graph_driver_options").GetString(), StringComparison.Ordinal);
        Assert.Equal(recorded.RootElement.GetProperty("version").GetProperty("Version").GetString(), info.GetProperty("podman").GetProperty("podman_version").GetString());
        AssertNoNullScalars(info);
    }

    [Fact]
    public async Task ListContainersGivesEveryContainerIn19States()
    {
        Libpod.ReplyFile("GET", "containers/json", "containers-all.json");
        var containers = (await _service.CallAsync("ListContainers")).GetProperty("containers").EnumerateArray().ToList();
        var ps = PodmanPs();
        Assert.Equal(ps.Count, containers.Count);
        var byName = containers.ToDictionary(c => c.GetProperty("names").GetString()!);
        foreach (var (name, (shortId, _)) in ps)
        {
            Assert.StartsWith(shortId, byName[name].GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("configured", byName["rec-created"].GetProperty("status").GetString());
        Assert.Equal("running", byName["rec-running"].GetProperty("status").GetString());
        Assert.Equal("exited", byName["rec-exited"].GetProperty("status").GetString());
        Assert.True(byName["rec-running"].GetProperty("containerrunning").GetBoolean());
        var port = Assert.Single(byName["rec-running"].GetProperty("ports").EnumerateArray());
        Assert.Equal(("8080", "80", "tcp"), (port.GetProperty("host_port").GetString(), port.GetProperty("container_port").GetString(), port.GetProperty("protocol").GetString()));
        Assert.Equal("rec", byName["rec-running"].GetProperty("labels").GetProperty("app").GetString());
        Assert.Contains("all=true", Libpod.Requests.First(r => r.StartsWith("GET containers/json", StringComparison.Ordinal)), StringComparison.Ordinal);
        foreach (var container in containers)
        {
            AssertNoNullScalars(container);
        }
    }

    [Fact]
    public async Task PsWithoutAllListsRunningContainersShortened()
    {
        Libpod.ReplyFile("GET", "containers/json", "containers-running.json");
        var reply = await _service.CallAsync("Ps", """{"opts":{"all":false}}""");
        var container = Assert.Single(reply.GetProperty("containers").EnumerateArray());
        Assert.Equal(PodmanPs()["rec-running"].ShortId, container.GetProperty("id").GetString());
        Assert.Equal("running", container.GetProperty("state").GetString());
        Assert.StartsWith("Up ", container.GetProperty("status").GetString(), StringComparison.Ordinal);
        Assert.Equal("0.0.0.0:8080->80/tcp", container.GetProperty("ports").GetString());
        Assert.Equal(GoTimeZero, container.GetProperty("exitedAt").GetString());
        Assert.Contains("all=false", Libpod.Requests.Single(r => r.StartsWith("GET containers/json", StringComparison.Ordinal)), StringComparison.Ordinal);
        AssertNoNullScalars(container);
    }

    private const string GoTimeZero = "0001-01-01T00:00:00Z";

    [Fact]
    public async Task PsStatusFiltersUse43Names()
    {
        Libpod.ReplyFile("GET", "containers/json", "containers-running.json");
        await _service.CallAsync("Ps", """{"opts":{"all":true,"filters":["status=configured","status=stopped"]}}""");
        var request = Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("GET containers/json", StringComparison.Ordinal)));
        Assert.Contains("\"status\":[\"created\",\"exited\"]", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownContainerIsContainerNotFoundWithTheCallersId()
    {
        var error = await _service.CallErrorAsync("GetContainer", """{"id":"nosuch"}""");
        Assert.Equal("io.podman.ContainerNotFound", error.ErrorName);
        Assert.Equal("nosuch", error.Parameters.GetProperty("id").GetString());
        using var recorded = JsonDocument.Parse(Recorded.Bytes("error-no-such-container.json"));
        Assert.Equal(recorded.RootElement.GetProperty("message").GetString(), error.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task InspectDataHas19PortsArrayAndLogPath()
    {
        var text = (await _service.CallAsync("ContainerInspectData", """{"name":"rec-running","size":true}""")).GetProperty("config").GetString()!;
        using var inspect = JsonDocument.Parse(text);
        var port = Assert.Single(inspect.RootElement.GetProperty("NetworkSettings").GetProperty("Ports").EnumerateArray());
        Assert.Equal(8080, port.GetProperty("hostPort").GetInt32());
        Assert.Equal(80, port.GetProperty("containerPort").GetInt32());
        Assert.Equal("tcp", port.GetProperty("protocol").GetString());
        using var recorded = JsonDocument.Parse(Recorded.Bytes("inspect-running.json"));
        Assert.Equal(recorded.RootElement.GetProperty("HostConfig").GetProperty("LogConfig").GetProperty("Path").GetString(), inspect.RootElement.GetProperty("LogPath").GetString());
        Assert.Equal(Id("rec-running"), inspect.RootElement.GetProperty("Id").GetString());
    }

    [Theory]
    [InlineData("rec-created", "configured")]
    [InlineData("rec-running", "running")]
    [InlineData("rec-exited", "exited")]
    public async Task InspectStateStatusIs19sName(string name, string expected)
    {
        foreach (var method in new[] { "InspectContainer", "ContainerInspectData" })
        {
            var reply = await _service.CallAsync(method, $$"""{"name":"{{name}}"}""");
            var text = (method == "InspectContainer" ? reply.GetProperty("container") : reply.GetProperty("config")).GetString()!;
            using var inspect = JsonDocument.Parse(text);
            Assert.Equal(expected, inspect.RootElement.GetProperty("State").GetProperty("Status").GetString());
        }
    }

    [Fact]
    public async Task ContainerStateDataOfAnExitedContainer()
    {
        Libpod.Reply("GET", "containers/showmounted", 200, "{}");
        var text = (await _service.CallAsync("ContainerStateData", """{"name":"rec-exited"}""")).GetProperty("config").GetString()!;
        using var state = JsonDocument.Parse(text);
        Assert.Equal(6, state.RootElement.GetProperty("state").GetInt32());
        Assert.Equal(3, state.RootElement.GetProperty("exitCode").GetInt32());
        Assert.True(state.RootElement.GetProperty("exited").GetBoolean());
    }

    [Fact]
    public async Task StartingARunningContainerIsErrorOccurredWithoutAskingLibpodToStart()
    {
        var error = await _service.CallErrorAsync("StartContainer", """{"name":"rec-running"}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.DoesNotContain(Libpod.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoppingAnExitedContainerIsErrCtrStoppedAndANeverStartedOneInvalidState()
    {
        var stopped = await _service.CallErrorAsync("StopContainer", """{"name":"rec-exited","timeout":1}""");
        Assert.Equal("io.podman.ErrCtrStopped", stopped.ErrorName);
        Assert.Equal(Id("rec-exited"), stopped.Parameters.GetProperty("id").GetString());
        var configured = await _service.CallErrorAsync("StopContainer", """{"name":"rec-created","timeout":1}""");
        Assert.Equal("io.podman.InvalidState", configured.ErrorName);
        Assert.DoesNotContain(Libpod.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopReturnsTheFullIdAfterLibpodStops()
    {
        Libpod.Reply("POST", $"containers/{Id("rec-running")}/stop", 204);
        var reply = await _service.CallAsync("StopContainer", """{"name":"rec-running","timeout":7}""");
        Assert.Equal(Id("rec-running"), reply.GetProperty("container").GetString());
        Assert.Contains($"POST containers/{Id("rec-running")}/stop?timeout=7", Libpod.Requests);
    }

    [Fact]
    public async Task WaitAsksAgainWhenPodman43LosesTheRaceWithTheExitingProcessAndGivesUpAfterABoundedNumber()
    {
        // What podman 4.3.1 answered a CI run's wait on a container that had just exited.
        const string race = """{"cause":"no such process","message":"read /proc/2107/cgroup: no such process","response":500}""";
        int asked = 0;
        Libpod.On("POST", $"containers/{Id("rec-running")}/wait", async context =>
        {
            bool lost = Interlocked.Increment(ref asked) <= 2;
            context.Response.StatusCode = lost ? 500 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(lost ? race : "3");
        });
        var reply = await _service.CallAsync("WaitContainer", """{"name":"rec-running","interval":0}""");
        Assert.Equal(3, reply.GetProperty("exitcode").GetInt64());
        Assert.Equal(3, asked);

        Libpod.Reply("POST", $"containers/{Id("rec-exited")}/wait", 500, race);
        var error = await _service.CallErrorAsync("WaitContainer", """{"name":"rec-exited","interval":0}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Equal("read /proc/2107/cgroup: no such process", error.Parameters.GetProperty("reason").GetString());
        Assert.Equal(Podman.Server.Libpod.LibpodClient.WaitAttempts, Libpod.Requests.Count(r => r.StartsWith($"POST containers/{Id("rec-exited")}/wait", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RemovingARunningContainerWithoutForceIsInvalidState()
    {
        Libpod.ReplyFile("DELETE", $"containers/{Id("rec-running")}", "remove-running.json", 500);
        var error = await _service.CallErrorAsync("RemoveContainer", """{"name":"rec-running","force":false,"removeVolumes":false}""");
        Assert.Equal("io.podman.InvalidState", error.ErrorName);
        using var recorded = JsonDocument.Parse(Recorded.Bytes("remove-running.json"));
        Assert.Equal(recorded.RootElement.GetProperty("message").GetString(), error.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CreateOfAMissingImageKeepsPodmansMessage()
    {
        Libpod.ReplyFile("POST", "containers/create", "create-missing-image.json", 500);
        var error = await _service.CallErrorAsync("CreateContainer", """{"create":{"args":["localhost/nosuch:latest"],"pull":"never"}}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        using var recorded = JsonDocument.Parse(Recorded.Bytes("create-missing-image.json"));
        Assert.Equal(recorded.RootElement.GetProperty("message").GetString(), error.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CreateSendsTheSpecAndReturnsTheId()
    {
        Libpod.Reply("GET", "images/localhost%2Fbb:test/exists", 204);
        Libpod.Reply("POST", "containers/create", 201, """{"Id":"abc123","Warnings":[]}""");
        var reply = await _service.CallAsync("CreateContainer", """{"create":{"args":["localhost/bb:test","echo","hi"],"name":"c1","env":["A=1"]}}""");
        Assert.Equal("abc123", reply.GetProperty("container").GetString());
        using var body = JsonDocument.Parse(Libpod.Bodies.Single(b => b.Key.StartsWith("POST containers/create", StringComparison.Ordinal)).Value);
        Assert.Equal("localhost/bb:test", body.RootElement.GetProperty("image").GetString());
        Assert.Equal(["echo", "hi"], body.RootElement.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1", body.RootElement.GetProperty("env").GetProperty("A").GetString());
        Assert.False(body.RootElement.TryGetProperty("terminal", out _), "unset fields are left to podman's defaults");
    }

    [Fact]
    public async Task GetContainerLogsGivesK8sFileLines()
    {
        Libpod.ReplyFile("GET", $"containers/{Id("rec-running")}/logs", "logs-running.bin", contentType: "application/octet-stream");
        var lines = (await _service.CallAsync("GetContainerLogs", """{"name":"rec-running"}""")).GetProperty("container").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(lines, l => l.EndsWith(" stdout F out", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" stderr F err", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" stdout P partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetEventsWithoutMoreGivesTheFirstKnownEvent()
    {
        Libpod.ReplyFile("GET", "events", "events.ndjson");
        var e = (await _service.CallAsync("GetEvents", """{"filter":[],"since":"","until":""}""")).GetProperty("events");
        using var first = JsonDocument.Parse(Recorded.Text("events.ndjson").Split('\n')[0]);
        Assert.Equal(first.RootElement.GetProperty("Type").GetString(), e.GetProperty("type").GetString());
        Assert.Equal(first.RootElement.GetProperty("Actor").GetProperty("ID").GetString(), e.GetProperty("id").GetString());
        Assert.Contains("stream=false", Libpod.Requests.Single(r => r.StartsWith("GET events", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInputGetsTypedErrorsAndTheConnectionKeepsServing()
    {
        await using var connection = await _service.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var unknown = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => connection.CallAsync("io.podman.NoSuchMethod", default, timeout.Token));
        Assert.Equal(VarlinkServiceErrors.MethodNotFound, unknown.ErrorName);
        var wrongType = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => connection.CallAsync("io.podman.GetContainer", ServiceHarness.Json("""{"id":5}"""), timeout.Token));
        Assert.Equal(VarlinkServiceErrors.InvalidParameter, wrongType.ErrorName);
        Assert.Equal("id", wrongType.Parameters.GetProperty("parameter").GetString());
        var nonsense = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => connection.CallAsync("io.podman.CreateContainer", ServiceHarness.Json("""{"create":{"args":["img"],"memory":"lots"}}"""), timeout.Token));
        Assert.Equal("io.podman.ErrorOccurred", nonsense.ErrorName);
        Assert.Contains("create.memory", nonsense.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var version = await connection.CallAsync("io.podman.GetVersion", default, timeout.Token);
        Assert.Equal("1.9.3", version.GetProperty("version").GetString());
    }

    [Fact]
    public async Task AnUnreachableLibpodIsErrorOccurredNotAClosedConnection()
    {
        await using var service = await ServiceHarness.StartAsync();
        await service.Libpod.DisposeAsync();
        var error = await service.CallErrorAsync("GetVersion");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Empty(service.Failures);
    }

    /// <summary>1.9 clients (python's varlink) reject a null in a scalar field.</summary>
    internal static void AssertNoNullScalars(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Assert.True(property.Value.ValueKind != JsonValueKind.Null, $"{path}.{property.Name} is null");
                    AssertNoNullScalars(property.Value, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertNoNullScalars(item, path + "[]");
                }

                break;
        }
    }
}
