using System.Text.Json;

namespace Podman.Server.Tests;

/// <summary>The pod methods and GenerateKube against libpod replies recorded from podman 4.3.1 (Recorded/part2).</summary>
public sealed class PodServiceTests : RecordedServiceTests
{
    private static string PodId
    {
        get
        {
            using var inspect = JsonDocument.Parse(Recorded.Bytes(Part2("pod-inspect-running.json")));
            return inspect.RootElement.GetProperty("Id").GetString()!;
        }
    }

    /// <summary>What <c>podman pod ps</c> said: (short ID, status, container count) by name.</summary>
    private static Dictionary<string, (string ShortId, string Status, string Count)> PodPs()
        => Recorded.Text(Part2("podman-pod-ps.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => p[1], p => (p[0], p[2], p[3]));

    protected override void Routes()
    {
        Libpod.ReplyFile("GET", "pods/nosuch/json", Part2("error-no-such-pod.json"), 404);
    }

    [Fact]
    public async Task ListPodsMatchesPodmanPodPs()
    {
        Libpod.ReplyFile("GET", "pods/json", Part2("pods-running.json"));
        var pods = (await Service.CallAsync("ListPods")).GetProperty("pods").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var (name, (shortId, status, count)) in PodPs())
        {
            Assert.StartsWith(shortId, pods[name].GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(status, pods[name].GetProperty("status").GetString());
            Assert.Equal(count, pods[name].GetProperty("numberofcontainers").GetString());
            ServiceTests.AssertNoNullScalars(pods[name]);
        }

        var containers = pods["rec-pod"].GetProperty("containersinfo").EnumerateArray().ToList();
        Assert.All(containers, c => Assert.Equal("running", c.GetProperty("status").GetString()));
        Assert.Contains(containers, c => c.GetProperty("name").GetString() == "rec-pod-ctr");
    }

    [Theory]
    [InlineData("pods-stopped.json", "Exited")]
    [InlineData("pods-created.json", "Created")]
    public async Task StatusIsRecomputedBy19sRule(string recorded, string status)
    {
        Libpod.ReplyFile("GET", "pods/json", Part2(recorded));
        var pod = (await Service.CallAsync("ListPods")).GetProperty("pods").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "rec-pod");
        Assert.Equal(status, pod.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A43DegradedPodIs19sRunning()
    {
        // One container running, one exited: 4.3 says Degraded, which 1.9 clients do not know.
        var pods = System.Text.Json.Nodes.JsonNode.Parse(Recorded.Bytes(Part2("pods-running.json")))!.AsArray();
        var pod = pods.Single(p => (string?)p!["Name"] == "rec-pod")!;
        pod["Status"] = "Degraded";
        pod["Containers"]![0]!["Status"] = "exited";
        Libpod.Reply("GET", "pods/json", 200, pods.ToJsonString());
        var listed = (await Service.CallAsync("ListPods")).GetProperty("pods").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "rec-pod");
        Assert.Equal("Running", listed.GetProperty("status").GetString());
        Assert.Contains(listed.GetProperty("containersinfo").EnumerateArray(), c => c.GetProperty("status").GetString() == "exited");
    }

    [Fact]
    public async Task CreatePodSendsShareParentFalseAndTheSharedNamespaces()
    {
        Libpod.ReplyFile("POST", "pods/create", Part2("pod-create.json"), 201);
        var id = (await Service.CallAsync("CreatePod", """{"create":{"name":"rec-pod","cgroupParent":"","labels":{"app":"pod"},"share":["cgroup,ipc,net,uts"],"infra":true,"infraCommand":"","infraImage":"","publish":["8080:80"]}}""")).GetProperty("pod").GetString();
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("pod-create.json")));
        Assert.Equal(recorded.RootElement.GetProperty("Id").GetString(), id);
        using var body = JsonDocument.Parse(Libpod.Bodies.Single().Value);
        Assert.False(body.RootElement.GetProperty("share_parent").GetBoolean());
        Assert.False(body.RootElement.GetProperty("no_infra").GetBoolean());
        Assert.Equal(["cgroup", "ipc", "net", "uts"], body.RootElement.GetProperty("shared_namespaces").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(8080, body.RootElement.GetProperty("portmappings")[0].GetProperty("host_port").GetInt32());
        Assert.Equal("pod", body.RootElement.GetProperty("labels").GetProperty("app").GetString());
    }

    [Fact]
    public async Task CreatePodChecks19sRulesBeforeAskingLibpod()
    {
        var error = await Service.CallErrorAsync("CreatePod", """{"create":{"name":"p","share":["net"],"infra":false}}""");
        Assert.Contains("without an infra container", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        error = await Service.CallErrorAsync("CreatePod", """{"create":{"name":"p","share":[],"infra":true}}""");
        Assert.Contains("must share kernel namespaces", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Libpod.Requests, r => r.StartsWith("POST pods/create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACreateOfAnExistingNameKeepsPodmansReason()
    {
        Libpod.ReplyFile("POST", "pods/create", Part2("pod-create-exists.json"), 409);
        var error = await Service.CallErrorAsync("CreatePod", """{"create":{"name":"rec-pod","share":["net"],"infra":true}}""");
        Assert.Contains("pod already exists", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodStateDataIs19sPodInspect()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        using var inspect = JsonDocument.Parse((await Service.CallAsync("PodStateData", """{"name":"rec-pod"}""")).GetProperty("config").GetString()!);
        var root = inspect.RootElement;
        Assert.Equal("rec-pod", root.GetProperty("Config").GetProperty("name").GetString());
        Assert.True(root.GetProperty("Config").GetProperty("sharesNet").GetBoolean());
        Assert.False(root.GetProperty("Config").GetProperty("sharesPid").GetBoolean());
        Assert.True(root.GetProperty("Config").GetProperty("infraConfig").GetProperty("makeInfraContainer").GetBoolean());
        Assert.Equal("Running", root.GetProperty("State").GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("Containers").GetArrayLength());
        Assert.All(root.GetProperty("Containers").EnumerateArray(), c => Assert.Equal("running", c.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task AnUnknownPodIsPodNotFoundButErrorOccurredInPodStateData()
    {
        var error = await Service.CallErrorAsync("GetPod", """{"name":"nosuch"}""");
        Assert.Equal("io.podman.PodNotFound", error.ErrorName);
        Assert.Equal("nosuch", error.Parameters.GetProperty("name").GetString());
        Assert.Equal("io.podman.PodNotFound", (await Service.CallErrorAsync("StartPod", """{"name":"nosuch"}""")).ErrorName);
        Assert.Equal("io.podman.ErrorOccurred", (await Service.CallErrorAsync("PodStateData", """{"name":"nosuch"}""")).ErrorName);
        Assert.Equal("io.podman.ErrorOccurred", (await Service.CallErrorAsync("GetPodsByContext", """{"all":false,"latest":false,"args":["nosuch"]}""")).ErrorName);
    }

    [Fact]
    public async Task PodVerbsAnswerThePodIdAndSendTheirArguments()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        foreach (var verb in new[] { "start", "stop", "kill", "pause", "unpause", "restart" })
        {
            Libpod.ReplyFile("POST", $"pods/{PodId}/{verb}", Part2($"pod-{verb}.json"));
        }

        foreach (var (method, parameters) in new[] { ("StartPod", "{}"), ("StopPod", """{"timeout":-1}"""), ("KillPod", """{"signal":-1}"""), ("PausePod", "{}"), ("UnpausePod", "{}"), ("RestartPod", "{}") })
        {
            var reply = await Service.CallAsync(method, parameters == "{}" ? """{"name":"rec-pod"}""" : """{"name":"rec-pod",""" + parameters.TrimStart('{'));
            Assert.Equal(PodId, reply.GetProperty("pod").GetString());
        }

        Assert.Contains($"POST pods/{PodId}/kill?signal=15", Libpod.Requests);
        Assert.Contains($"POST pods/{PodId}/stop", Libpod.Requests);
        await Service.CallAsync("StopPod", """{"name":"rec-pod","timeout":3}""");
        Assert.Contains($"POST pods/{PodId}/stop?t=3", Libpod.Requests);
    }

    [Fact]
    public async Task StartingAPodAlreadyRunningIsFineAndAnEmptyPodIsNoContainersInPod()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        Libpod.Reply("POST", $"pods/{PodId}/start", 304);
        Assert.Equal(PodId, (await Service.CallAsync("StartPod", """{"name":"rec-pod"}""")).GetProperty("pod").GetString());
        Libpod.ReplyFile("POST", $"pods/{PodId}/start", Part2("pod-start-empty.json"), 409);
        var error = await Service.CallErrorAsync("StartPod", """{"name":"rec-pod"}""");
        Assert.Equal("io.podman.NoContainersInPod", error.ErrorName);
    }

    [Fact]
    public async Task ContainersThatFailInAPodVerbArePodContainerError()
    {
        var container = new string('a', 64);
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        Libpod.Reply("POST", $"pods/{PodId}/pause", 409, $$"""{"Errs":["pausing container {{container}}: container state improper"],"Id":"{{PodId}}"}""");
        var error = await Service.CallErrorAsync("PausePod", """{"name":"rec-pod"}""");
        Assert.Equal("io.podman.PodContainerError", error.ErrorName);
        Assert.Equal(PodId, error.Parameters.GetProperty("podname").GetString());
        Assert.Equal(container, error.Parameters.GetProperty("errors")[0].GetProperty("containerid").GetString());
    }

    [Fact]
    public async Task RemovePodAnswersTheId()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        Libpod.ReplyFile("DELETE", $"pods/{PodId}", Part2("pod-remove.json"));
        Assert.Equal(PodId, (await Service.CallAsync("RemovePod", """{"name":"rec-pod","force":true}""")).GetProperty("pod").GetString());
        Assert.Contains($"DELETE pods/{PodId}?force=true", Libpod.Requests);
    }

    [Fact]
    public async Task TopPodIsTabSeparatedAndNeedsARunningPod()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        Libpod.ReplyFile("GET", $"pods/{PodId}/json", Part2("pod-inspect-running.json"));
        Libpod.ReplyFile("GET", $"pods/{PodId}/top", Part2("pod-top.json"));
        var lines = (await Service.CallAsync("TopPod", """{"pod":"rec-pod","latest":false,"descriptors":["user,pid","comm"]}""")).GetProperty("stats").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Equal("USER\tPID\tCOMMAND", lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.Contains("ps_args=user%2Cpid%2Ccomm", Libpod.Requests.Single(r => r.Contains("/top", StringComparison.Ordinal)), StringComparison.Ordinal);

        Libpod.ReplyFile("GET", "pods/stopped/json", Part2("pod-inspect-stopped.json"));
        Libpod.ReplyFile("GET", $"pods/{PodId}/json", Part2("pod-inspect-stopped.json"));
        var error = await Service.CallErrorAsync("TopPod", """{"pod":"stopped","latest":false,"descriptors":[]}""");
        Assert.Contains("at least one running container", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPodStatsSamplesTheRunningContainers()
    {
        Libpod.ReplyFile("GET", "pods/rec-pod/json", Part2("pod-inspect-running.json"));
        Libpod.ReplyFile("GET", "containers/stats", Part2("pod-stats.json"));
        var reply = await Service.CallAsync("GetPodStats", """{"name":"rec-pod"}""");
        Assert.Equal(PodId, reply.GetProperty("pod").GetString());
        Assert.NotEqual(0, reply.GetProperty("containers").GetArrayLength());
        Assert.Equal(2, Libpod.Requests.Single(r => r.StartsWith("GET containers/stats", StringComparison.Ordinal)).Split("containers=").Length - 1);
    }

    [Fact]
    public async Task GetPodsByContextAnswersFullIds()
    {
        Libpod.ReplyFile("GET", "pods/json", Part2("pods-running.json"));
        Libpod.ReplyFile("GET", "pods/519d/json", Part2("pod-inspect-running.json"));
        Assert.Equal(2, (await Service.CallAsync("GetPodsByContext", """{"all":true,"latest":false,"args":[]}""")).GetProperty("pods").GetArrayLength());
        Assert.Equal([PodId], (await Service.CallAsync("GetPodsByContext", """{"all":false,"latest":false,"args":["519d"]}""")).GetProperty("pods").EnumerateArray().Select(p => p.GetString()));
        var running = (await Service.CallAsync("GetPodsByStatus", """{"statuses":["Running"]}""")).GetProperty("pods");
        Assert.Equal(PodId, Assert.Single(running.EnumerateArray()).GetString());
    }

    [Fact]
    public async Task GenerateKubeGivesThePodAndServiceAsJson()
    {
        Libpod.ReplyFile("GET", "generate/kube", Part2("kube-pod.yaml"), contentType: "text/vnd.yaml");
        var reply = (await Service.CallAsync("GenerateKube", """{"name":"rec-pod","service":true}""")).GetProperty("pod");
        using var pod = JsonDocument.Parse(reply.GetProperty("pod").GetString()!);
        using var service = JsonDocument.Parse(reply.GetProperty("service").GetString()!);
        Assert.Equal("Pod", pod.RootElement.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.False, pod.RootElement.GetProperty("spec").GetProperty("automountServiceAccountToken").ValueKind);
        Assert.Equal(["sleep", "1000"], pod.RootElement.GetProperty("spec").GetProperty("containers")[0].GetProperty("command").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Service", service.RootElement.GetProperty("kind").GetString());
        Assert.Contains("service=true", Libpod.Requests.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateKubeOfAContainerWithoutServiceSendsAnEmptyService()
    {
        Libpod.ReplyFile("GET", "generate/kube", Part2("kube-container.yaml"), contentType: "text/vnd.yaml");
        var reply = (await Service.CallAsync("GenerateKube", """{"name":"rec-alone","service":false}""")).GetProperty("pod");
        using var pod = JsonDocument.Parse(reply.GetProperty("pod").GetString()!);
        Assert.Equal(8080, pod.RootElement.GetProperty("spec").GetProperty("containers")[0].GetProperty("ports")[0].GetProperty("hostPort").GetInt32());
        using var service = JsonDocument.Parse(reply.GetProperty("service").GetString()!);
        Assert.Equal(JsonValueKind.Null, service.RootElement.GetProperty("metadata").GetProperty("creationTimestamp").ValueKind);

        Libpod.ReplyFile("GET", "generate/kube", Part2("kube-missing.json"), 500);
        var error = await Service.CallErrorAsync("GenerateKube", """{"name":"nosuch","service":false}""");
        Assert.Contains("not found", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
