using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>The image methods, pull and push against libpod replies recorded from podman 4.3.1 (Recorded/part2).</summary>
public sealed class ImageServiceTests : RecordedServiceTests
{
    private const string Registry = "10.0.2.2:49119";
    private static string ImageId
    {
        get
        {
            using var inspect = JsonDocument.Parse(Recorded.Bytes(Part2("image-inspect.json")));
            return inspect.RootElement.GetProperty("Id").GetString()!;
        }
    }

    protected override void Routes()
    {
        foreach (var name in new[] { "bb", ImageId, ImageId[..12] })
        {
            Libpod.ReplyFile("GET", $"images/{name}/json", Part2("image-inspect.json"));
        }

        Libpod.ReplyFile("GET", "images/nosuch/json", Part2("error-no-such-image.json"), 404);
    }

    [Fact]
    public async Task ListImagesGivesEveryImageWithRfc3339CreatedAndNoTopLayer()
    {
        Libpod.ReplyFile("GET", "images/json", Part2("images.json"));
        var image = Assert.Single((await Service.CallAsync("ListImages")).GetProperty("images").EnumerateArray());
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("images.json")));
        var entry = recorded.RootElement[0];
        Assert.Equal(ImageId, image.GetProperty("id").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(entry.GetProperty("Created").GetInt64()).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), image.GetProperty("created").GetString());
        Assert.Equal(["localhost/bb:test", "localhost/bb:second"], image.GetProperty("repoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("", image.GetProperty("topLayer").GetString());
        Assert.False(image.GetProperty("isParent").GetBoolean());
        Assert.Contains("all=true", Libpod.Requests.Single(r => r.StartsWith("GET images/json", StringComparison.Ordinal)), StringComparison.Ordinal);
        ServiceTests.AssertNoNullScalars(image);
    }

    [Fact]
    public async Task GetImageHasTheTopLayerAndAsksTheListByFullId()
    {
        Libpod.ReplyFile("GET", "images/json", Part2("images.json"));
        var image = (await Service.CallAsync("GetImage", $$"""{"id":"{{ImageId[..12]}}"}""")).GetProperty("image");
        using var inspect = JsonDocument.Parse(Recorded.Bytes(Part2("image-inspect.json")));
        var layer = inspect.RootElement.GetProperty("RootFS").GetProperty("Layers")[0].GetString()!["sha256:".Length..];
        Assert.Equal(layer, image.GetProperty("topLayer").GetString());
        Assert.Equal(ImageId, image.GetProperty("id").GetString());
        Assert.Contains(ImageId, Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("GET images/json", StringComparison.Ordinal))), StringComparison.Ordinal);
        ServiceTests.AssertNoNullScalars(image);
    }

    [Fact]
    public async Task AnUnknownImageIsImageNotFoundWithTheCallersName()
    {
        foreach (var (method, parameters) in new[] { ("GetImage", """{"id":"nosuch"}"""), ("InspectImage", """{"name":"nosuch"}"""), ("HistoryImage", """{"name":"nosuch"}"""), ("TagImage", """{"name":"nosuch","tagged":"x:y"}"""), ("RemoveImage", """{"name":"nosuch","force":false}""") })
        {
            var error = await Service.CallErrorAsync(method, parameters);
            Assert.Equal("io.podman.ImageNotFound", error.ErrorName);
            Assert.Equal("nosuch", error.Parameters.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task ImageExistsIsZeroOrOne()
    {
        Libpod.Reply("GET", "images/bb/exists", 204);
        Libpod.ReplyFile("GET", "images/nosuch/exists", Part2("image-exists-missing.json"), 404);
        Assert.Equal(0, (await Service.CallAsync("ImageExists", """{"name":"bb"}""")).GetProperty("exists").GetInt64());
        Assert.Equal(1, (await Service.CallAsync("ImageExists", """{"name":"nosuch"}""")).GetProperty("exists").GetInt64());
    }

    [Fact]
    public async Task HistoryRepeatsTheImagesNamesOnEveryRow()
    {
        Libpod.ReplyFile("GET", $"images/{ImageId}/history", Part2("image-history.json"));
        var row = Assert.Single((await Service.CallAsync("HistoryImage", """{"name":"bb"}""")).GetProperty("history").EnumerateArray());
        Assert.Equal(["localhost/bb:test", "localhost/bb:second"], row.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("imported from tarball", row.GetProperty("comment").GetString());
        Assert.True(DateTimeOffset.TryParse(row.GetProperty("created").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        ServiceTests.AssertNoNullScalars(row);
    }

    [Fact]
    public async Task TagSplitsTheNameAfterTheRegistryPortAndAnswersTheId()
    {
        Libpod.Reply("POST", $"images/{ImageId}/tag", 201);
        Assert.Equal(ImageId, (await Service.CallAsync("TagImage", $$"""{"name":"bb","tagged":"{{Registry}}/rec/bb"}""")).GetProperty("image").GetString());
        Assert.Equal($"POST images/{ImageId}/tag?repo={Uri.EscapeDataString(Registry + "/rec/bb")}&tag=latest", Libpod.Requests.Last());
        Libpod.Reply("POST", $"images/{ImageId}/untag", 201);
        await Service.CallAsync("UntagImage", """{"name":"bb","tag":"localhost/bb:third"}""");
        Assert.Equal($"POST images/{ImageId}/untag?repo=localhost%2Fbb&tag=third", Libpod.Requests.Last());
    }

    [Fact]
    public async Task UntagOfANameTheImageLacksKeepsPodmansReason()
    {
        Libpod.ReplyFile("POST", $"images/{ImageId}/untag", Part2("image-untag-missing.json"), 500);
        var error = await Service.CallErrorAsync("UntagImage", """{"name":"bb","tag":"localhost/bb:nosuch"}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Contains("tag not known", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveImageWithResponseSaysWhatWasUntaggedAndDeleted()
    {
        Libpod.ReplyFile("DELETE", "images/bb", Part2("image-remove-tag.json"));
        var response = (await Service.CallAsync("RemoveImageWithResponse", """{"name":"bb","force":false}""")).GetProperty("response");
        Assert.Equal(["localhost/bb:second"], response.GetProperty("untagged").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("", response.GetProperty("deleted").GetString());

        Libpod.ReplyFile("DELETE", $"images/{ImageId}", Part2("image-remove.json"));
        response = (await Service.CallAsync("RemoveImageWithResponse", $$"""{"name":"{{ImageId}}","force":true}""")).GetProperty("response");
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("image-remove.json")));
        Assert.Equal(recorded.RootElement.GetProperty("Deleted")[0].GetString(), response.GetProperty("deleted").GetString());
        Assert.Equal($"DELETE images/{ImageId}?force=true", Libpod.Requests.Last());
    }

    [Fact]
    public async Task RemovingAnImageInUseIsErrorOccurredWithPodmansReason()
    {
        Libpod.ReplyFile("DELETE", "images/bb", Part2("image-remove-used.json"), 409);
        var error = await Service.CallErrorAsync("RemoveImage", """{"name":"bb","force":false}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Contains("image is in use by a container", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagesPruneAnswersThePrunedIdsAndPassesTheFilters()
    {
        Libpod.ReplyFile("POST", "images/prune", Part2("images-prune.json"));
        var pruned = (await Service.CallAsync("ImagesPrune", """{"all":true,"filter":["label=a=b"]}""")).GetProperty("pruned");
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("images-prune.json")));
        Assert.Equal(recorded.RootElement[0].GetProperty("Id").GetString(), Assert.Single(pruned.EnumerateArray()).GetString());
        var request = Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("POST images/prune", StringComparison.Ordinal)));
        Assert.Contains("all=true", request, StringComparison.Ordinal);
        Assert.Contains("\"label\":[\"a=b\"]", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchResultsAreIoPodmans()
    {
        ServeInfoWithInsecure(Registry);
        Libpod.ReplyFile("GET", "images/search", Part2("search.json"));
        var result = Assert.Single((await Service.CallAsync("SearchImages", $$$"""{"query":"{{{Registry}}}/bb","limit":5,"filter":{"star_count":0}}""")).GetProperty("results").EnumerateArray());
        Assert.Equal((Registry, Registry + "/rec/bb", false), (result.GetProperty("registry").GetString(), result.GetProperty("name").GetString(), result.GetProperty("is_official").GetBoolean()));
        Assert.Contains("tlsVerify=false", Libpod.Requests.Single(r => r.StartsWith("GET images/search", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAnswersOneFinalReplyWithTheNewId()
    {
        Libpod.ReplyFile("GET", "containers/rec-running/json", "inspect-running.json");
        Libpod.ReplyFile("POST", "commit", Part2("commit.json"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = await Service.ConnectAsync();
        var replies = await connection.CallMoreAsync("io.podman.Commit", ServiceHarness.Json("""{"name":"rec-running","image_name":"localhost/committed:v1","changes":["CMD=/bin/ls"],"author":"rec","message":"","pause":true,"manifestType":""}"""), timeout.Token).ToListAsync(timeout.Token);
        using var recorded = JsonDocument.Parse(Recorded.Bytes(Part2("commit.json")));
        Assert.Equal(recorded.RootElement.GetProperty("Id").GetString(), Assert.Single(replies).GetProperty("reply").GetProperty("id").GetString());
        var request = Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("POST commit", StringComparison.Ordinal)));
        Assert.Contains("repo=localhost/committed&tag=v1", request, StringComparison.Ordinal);
        Assert.Contains("format=oci", request, StringComparison.Ordinal);
        Assert.Contains("changes=CMD=/bin/ls", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitWithAnUnknownManifestTypeIsRefusedBeforeLibpodIsAsked()
    {
        var error = await Service.CallErrorAsync("Commit", """{"name":"rec-running","image_name":"x","changes":[],"author":"","message":"","pause":false,"manifestType":"zip"}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.DoesNotContain(Libpod.Requests, r => r.StartsWith("POST commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PullStreamsEachProgressLineAsItComesThenTheId()
    {
        ServeInfoWithInsecure(Registry);
        var lines = Recorded.Text(Part2("pull.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Libpod.On("POST", "images/pull", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(lines[0] + "\n");
            await context.Response.Body.FlushAsync();
            await rest.Task.WaitAsync(context.RequestAborted);
            foreach (var line in lines.Skip(1))
            {
                await context.Response.WriteAsync(line + "\n");
            }
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = await Service.ConnectAsync();
        await using var replies = connection.CallMoreAsync("io.podman.PullImage", ServiceHarness.Json($$$"""{"name":"{{{Registry}}}/rec/bb:v1","creds":{"username":"","password":""}}"""), timeout.Token).GetAsyncEnumerator(timeout.Token);

        // The first line arrives while libpod has not sent the rest (nothing held back).
        Assert.True(await replies.MoveNextAsync());
        Assert.Equal($"Trying to pull {Registry}/rec/bb:v1...\n", replies.Current.GetProperty("reply").GetProperty("logs")[0].GetString());
        rest.SetResult();
        List<JsonElement> all = [replies.Current];
        while (await replies.MoveNextAsync())
        {
            all.Add(replies.Current);
        }

        Assert.Equal(lines.Length, all.Count);
        Assert.Equal(ImageId, all[^1].GetProperty("reply").GetProperty("id").GetString());
        Assert.All(all[..^1], r => Assert.Equal("", r.GetProperty("reply").GetProperty("id").GetString()));
        var request = Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("POST images/pull", StringComparison.Ordinal)));
        Assert.Contains("policy=missing", request, StringComparison.Ordinal);
        Assert.Contains("tlsVerify=false", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullWithoutMoreIsOneReplyWithEveryLineAndSecureRegistriesKeepTls()
    {
        Libpod.ReplyFile("GET", "info", "info.json");
        Libpod.ReplyFile("POST", "images/pull", Part2("pull.ndjson"));
        var reply = (await Service.CallAsync("PullImage", """{"name":"quay.io/rec/bb:v1","creds":{"username":"u","password":"p"}}""")).GetProperty("reply");
        Assert.Equal(ImageId, reply.GetProperty("id").GetString());
        Assert.Equal(Recorded.Text(Part2("pull.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, reply.GetProperty("logs").GetArrayLength());
        Assert.DoesNotContain("tlsVerify", Libpod.Requests.Single(r => r.StartsWith("POST images/pull", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullOfANameThatCannotExistIsErrorOccurredWithPodmansReason()
    {
        ServeInfoWithInsecure(Registry);
        Libpod.ReplyFile("POST", "images/pull", Part2("pull-missing.ndjson"));
        var error = await Service.CallErrorAsync("PullImage", $$"""{"name":"{{Registry}}/rec/nosuch:v1"}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Contains("manifest unknown", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("unable to pull", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushStreamsTheProgressAndEndsWithTheImageId()
    {
        ServeInfoWithInsecure(Registry);
        Libpod.ReplyFile("POST", "images/bb/push", Part2("push.ndjson"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = await Service.ConnectAsync();
        var replies = await connection.CallMoreAsync("io.podman.PushImage", ServiceHarness.Json($$"""{"name":"bb","tag":"{{Registry}}/rec/bb:v1","compress":false,"format":"docker","removeSignatures":false,"signBy":""}"""), timeout.Token).ToListAsync(timeout.Token);
        var lines = Recorded.Text(Part2("push.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length + 1, replies.Count);
        Assert.Equal(ImageId, replies[^1].GetProperty("reply").GetProperty("id").GetString());
        var request = Uri.UnescapeDataString(Libpod.Requests.Single(r => r.StartsWith("POST images/bb/push", StringComparison.Ordinal)));
        Assert.Contains($"destination={Registry}/rec/bb:v1", request, StringComparison.Ordinal);
        Assert.Contains("format=v2s2", request, StringComparison.Ordinal);
        Assert.Contains("tlsVerify=false", request, StringComparison.Ordinal);
        Assert.Contains("quiet=false", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushWithSignByIsRefusedNamingTheParameter()
    {
        var error = await Service.CallErrorAsync("PushImage", """{"name":"bb","tag":"","compress":false,"format":"","removeSignatures":false,"signBy":"me@example.org"}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.StartsWith("signBy", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Libpod.Requests, r => r.Contains("/push", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedPushIsErrorOccurred()
    {
        ServeInfoWithInsecure(Registry);
        Libpod.ReplyFile("POST", "images/bb/push", Part2("push-missing.json"));
        var error = await Service.CallErrorAsync("PushImage", """{"name":"bb","tag":"","compress":false,"format":"","removeSignatures":false,"signBy":""}""");
        Assert.Contains("image not known", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The recorded info, with <paramref name="registry"/> marked insecure as a registries.conf entry would.</summary>
    private void ServeInfoWithInsecure(string registry)
    {
        var info = JsonNode.Parse(Recorded.Bytes("info.json"))!;
        info["registries"]![registry] = new JsonObject { ["Prefix"] = registry, ["Location"] = registry, ["Insecure"] = true, ["Blocked"] = false };
        Libpod.Reply("GET", "info", 200, info.ToJsonString());
    }
}
