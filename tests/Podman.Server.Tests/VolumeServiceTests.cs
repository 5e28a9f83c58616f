using System.Text.Json;

namespace Podman.Server.Tests;

/// <summary>The volume methods against libpod replies recorded from podman 4.3.1 (Recorded/part2).</summary>
public sealed class VolumeServiceTests : RecordedServiceTests
{
    [Fact]
    public async Task VolumeCreateSendsLibpodsKeysAndAnswersTheName()
    {
        Libpod.ReplyFile("POST", "volumes/create", Part2("volume-create.json"), 201);
        var reply = await Service.CallAsync("VolumeCreate", """{"options":{"volumeName":"rec-vol","driver":"","labels":{"app":"rec"},"options":{}}}""");
        Assert.Equal("rec-vol", reply.GetProperty("volumeName").GetString());
        using var body = JsonDocument.Parse(Libpod.Bodies.Single(b => b.Key.StartsWith("POST volumes/create", StringComparison.Ordinal)).Value);
        Assert.Equal("rec-vol", body.RootElement.GetProperty("Name").GetString());
        Assert.Equal("rec", body.RootElement.GetProperty("Label").GetProperty("app").GetString());
    }

    [Fact]
    public async Task GetVolumesAllListsWhatPodmanVolumeLsListed()
    {
        Libpod.ReplyFile("GET", "volumes/json", Part2("volumes.json"));
        var volumes = (await Service.CallAsync("GetVolumes", """{"args":[],"all":true}""")).GetProperty("volumes").EnumerateArray().ToList();
        var listed = Recorded.Text(Part2("podman-volume-ls.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(listed.Order(StringComparer.Ordinal), volumes.Select(v => v.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var named = volumes.Single(v => v.GetProperty("name").GetString() == "rec-vol");
        Assert.Equal("rec", named.GetProperty("labels").GetProperty("app").GetString());
        Assert.Equal("/var/lib/containers/storage/volumes/rec-vol/_data", named.GetProperty("mountPoint").GetString());
        Assert.Equal("local", named.GetProperty("driver").GetString());
        foreach (var volume in volumes)
        {
            ServiceTests.AssertNoNullScalars(volume);
        }
    }

    [Fact]
    public async Task AnUnknownVolumeIsVolumeNotFoundInGetVolumesAndErrorOccurredInInspect()
    {
        Libpod.ReplyFile("GET", "volumes/nosuch/json", Part2("error-no-such-volume.json"), 404);
        var error = await Service.CallErrorAsync("GetVolumes", """{"args":["nosuch"],"all":false}""");
        Assert.Equal("io.podman.VolumeNotFound", error.ErrorName);
        Assert.Equal("nosuch", error.Parameters.GetProperty("id").GetString());
        var inspect = await Service.CallErrorAsync("InspectVolume", """{"name":"nosuch"}""");
        Assert.Equal("io.podman.ErrorOccurred", inspect.ErrorName);
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("error-no-such-volume.json")));
        Assert.Equal(recorded.RootElement.GetProperty("message").GetString(), inspect.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task InspectVolumeIsPodmansJson()
    {
        Libpod.ReplyFile("GET", "volumes/rec-vol/json", Part2("volume-inspect.json"));
        var text = (await Service.CallAsync("InspectVolume", """{"name":"rec-vol"}""")).GetProperty("volume").GetString()!;
        using var inspect = JsonDocument.Parse(text);
        Assert.Equal("rec-vol", inspect.RootElement.GetProperty("Name").GetString());
        Assert.Equal("local", inspect.RootElement.GetProperty("Scope").GetString());
    }

    [Fact]
    public async Task VolumeRemoveReportsEachVolumeAndGoesOnAfterAFailure()
    {
        Libpod.Reply("DELETE", "volumes/rec-vol", 204);
        Libpod.ReplyFile("DELETE", "volumes/rec-used", Part2("volume-remove-in-use.json"), 409);
        Libpod.ReplyFile("DELETE", "volumes/nosuch", Part2("volume-remove-missing.json"), 404);
        var reply = await Service.CallAsync("VolumeRemove", """{"options":{"volumes":["rec-used","rec-vol","nosuch"],"all":false,"force":false}}""");
        Assert.Equal(["rec-vol"], reply.GetProperty("successes").EnumerateArray().Select(s => s.GetString()));
        var failures = reply.GetProperty("failures");
        Assert.Contains("is being used", failures.GetProperty("rec-used").GetString(), StringComparison.Ordinal);
        Assert.Contains("no such volume", failures.GetProperty("nosuch").GetString(), StringComparison.Ordinal);
        Assert.Contains("DELETE volumes/rec-vol?force=false", Libpod.Requests);
    }

    [Fact]
    public async Task VolumeRemoveAllRemovesEveryListedVolumeWithForce()
    {
        Libpod.ReplyFile("GET", "volumes/json", Part2("volumes.json"));
        foreach (var name in Recorded.Text(Part2("podman-volume-ls.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Libpod.Reply("DELETE", "volumes/" + name, 204);
        }

        var reply = await Service.CallAsync("VolumeRemove", """{"options":{"volumes":[],"all":true,"force":true}}""");
        Assert.Equal(3, reply.GetProperty("successes").GetArrayLength());
        Assert.Equal(3, Libpod.Requests.Count(r => r.StartsWith("DELETE volumes/", StringComparison.Ordinal) && r.EndsWith("?force=true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task VolumesPruneNamesWhatPodmanPruned()
    {
        Libpod.ReplyFile("POST", "volumes/prune", Part2("volumes-prune.json"));
        var reply = await Service.CallAsync("VolumesPrune");
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("volumes-prune.json")));
        Assert.Equal(recorded.RootElement[0].GetProperty("Id").GetString(), Assert.Single(reply.GetProperty("prunedNames").EnumerateArray()).GetString());
        Assert.Equal(0, reply.GetProperty("prunedErrors").GetArrayLength());
    }
}
