using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Podman.Server.Tests;

/// <summary>
/// LoadImage, ImportImage, ImageSave, BuildImage and the layer maps on a fake libpod: what the service
/// sends (the SendFile handle's bytes as the body, the query), what it answers, which files it leaves.
/// libpod's replies have the shapes the reference probed on podman 4.3.1 (<c>{"Names"}</c>,
/// <c>{"Id":"sha256:…"}</c>, build NDJSON ending in the 64-hex ID).
/// </summary>
public sealed class ImageArchiveTests : RecordedServiceTests
{
    private const string Id = "3d3a1c6d0d2f2a5b8c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e";

    protected override void Routes()
    {
        Libpod.ReplyFile("GET", "images/bb/json", Part2("image-inspect.json"));
        Libpod.ReplyFile("GET", "images/nosuch/json", Part2("error-no-such-image.json"), 404);
    }

    private Task<string> SendAsync(string text) => FileTransferTests.SendAsync(Service, Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task LoadImageStreamsTheSentFileToLibpodAnswersTheNamesAndDeletesItWithDeleteFile()
    {
        Libpod.Reply("POST", "images/load", 200, """{"Names":["localhost/bb:test","localhost/bb:second"]}""");
        var handle = await SendAsync("image archive bytes");
        var reply = await Service.CallAsync("LoadImage", JsonSerializer.Serialize(new { name = "", inputFile = handle, quiet = false, deleteFile = true }));
        Assert.Equal("localhost/bb:test, localhost/bb:second", reply.GetProperty("reply").GetProperty("id").GetString());
        Assert.Equal("image archive bytes", Libpod.Bodies["POST images/load"]);
        Assert.True(await FileTransferTests.GoneAsync(handle));
    }

    [Fact]
    public async Task LoadImageKeepsTheFileWithoutDeleteFileAndTagsWithName()
    {
        Libpod.Reply("POST", "images/load", 200, """{"Names":["localhost/bb:test"]}""");
        Libpod.Reply("POST", "images/localhost%2Fbb:test/tag", 201);
        var handle = await SendAsync("x");
        try
        {
            await Service.CallAsync("LoadImage", JsonSerializer.Serialize(new { name = "localhost/other:v2", inputFile = handle, quiet = true, deleteFile = false }));
            Assert.True(File.Exists(handle), "quiet (1.9's swapped flag) does not delete: deleteFile decides");
            Assert.Contains("POST images/localhost%2Fbb:test/tag?repo=localhost%2Fother&tag=v2", Libpod.Requests);
        }
        finally
        {
            File.Delete(handle);
        }
    }

    [Fact]
    public async Task LoadImageOfAMissingFileIsErrorOccurredNamingInputFile()
    {
        var error = await Service.CallErrorAsync("LoadImage", """{"name":"","inputFile":"/tmp/varlink_send-none","quiet":false,"deleteFile":true}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.StartsWith("inputFile:", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Libpod.Requests, r => r.StartsWith("POST images/load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportImageSendsTheRootfsWithReferenceMessageChangesAndStripsSha256()
    {
        Libpod.Reply("POST", "images/import", 200, $$"""{"Id":"sha256:{{Id}}"}""");
        var handle = await SendAsync("rootfs tar");
        var reply = await Service.CallAsync("ImportImage", JsonSerializer.Serialize(new { source = handle, reference = "localhost/imp:1", message = "hello", changes = new[] { "CMD=/bin/sh" }, delete = true }));
        Assert.Equal(Id, reply.GetProperty("image").GetString());
        var request = Assert.Single(Libpod.Requests, r => r.StartsWith("POST images/import", StringComparison.Ordinal));
        Assert.Equal("POST images/import?reference=localhost%2Fimp%3A1&message=hello&changes=CMD%3D%2Fbin%2Fsh", request);
        Assert.Equal("rootfs tar", Libpod.Bodies[request]);
        Assert.True(await FileTransferTests.GoneAsync(handle));
    }

    [Fact]
    public async Task ImportImageFromAUrlPassesItOnWithoutABody()
    {
        Libpod.Reply("POST", "images/import", 200, $$"""{"Id":"sha256:{{Id}}"}""");
        await Service.CallAsync("ImportImage", """{"source":"http://10.0.2.2:8000/rootfs.tar","reference":"","message":"","changes":[],"delete":false}""");
        Assert.Contains("POST images/import?url=http%3A%2F%2F10.0.2.2%3A8000%2Frootfs.tar", Libpod.Requests);
    }

    [Fact]
    public async Task ImageSaveWritesTheArchiveToATransferFileNamedInTheReply()
    {
        Libpod.Reply("GET", "images/export", 200, "saved archive", "application/x-tar");
        var replies = new List<JsonElement>();
        await using (var connection = await Service.ConnectAsync())
        {
            await foreach (var reply in connection.CallMoreAsync("io.podman.ImageSave", ServiceHarness.Json("""{"options":{"name":"bb","format":"oci-archive","output":"/client/x.tar","outputType":"","moreTags":["localhost/bb:second"],"quiet":false,"compress":false}}""")))
            {
                replies.Add(reply.Clone());
            }
        }

        var path = Assert.Single(replies).GetProperty("reply").GetProperty("id").GetString()!;
        try
        {
            Assert.Matches("varlink_send[0-9]+$", path);
            Assert.Equal("saved archive", await File.ReadAllTextAsync(path));
            Assert.Contains("GET images/export?references=bb&references=localhost%2Fbb%3Asecond&format=oci-archive&compress=false", Libpod.Requests);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ImageSaveOfAMissingImageIsImageNotFound()
    {
        var error = await Service.CallErrorAsync("ImageSave", """{"options":{"name":"nosuch","format":"","output":"","outputType":"","moreTags":[],"quiet":false,"compress":false}}""");
        Assert.Equal("io.podman.ImageNotFound", error.ErrorName);
    }

    [Fact]
    public async Task BuildImageStreamsTheContextAndEachOutputLineThenTheIdAndDeletesTheContext()
    {
        Libpod.On("POST", "build", async context =>
        {
            context.Response.ContentType = "application/json";
            foreach (var line in new[] { "STEP 1/2: FROM localhost/bb:test\n", "STEP 2/2: RUN echo hi\n", "COMMIT localhost/built:1\n", Id + "\n" })
            {
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { stream = line }) + "\n");
                await context.Response.Body.FlushAsync();
            }
        });
        var handle = await SendAsync("context tar");
        var build = """{"architecture":"","addCapabilities":[],"additionalTags":["localhost/built:2"],"annotations":[],"buildArgs":{"A":"1"},"buildOptions":{"addHosts":[],"cgroupParent":"","cpuPeriod":0,"cpuQuota":0,"cpuShares":0,"cpusetCpus":"","cpusetMems":"","memory":0,"memorySwap":0,"shmSize":"64m","ulimit":[],"volume":[]},"cniConfigDir":"","cniPluginDir":"","compression":"","contextDir":"HANDLE","defaultsMountFilePath":"","devices":[],"dockerfiles":["/home/me/ctx/Containerfile"],"dropCapabilities":[],"err":"","forceRmIntermediateCtrs":false,"iidfile":"","label":["a=b"],"layers":true,"nocache":false,"os":"","out":"","output":"localhost/built:1","outputFormat":"","pullPolicy":"PullNever","quiet":false,"remoteIntermediateCtrs":true,"reportWriter":"","runtimeArgs":[],"signBy":"","squash":false,"target":"","transientMounts":[]}""".Replace("HANDLE", handle, StringComparison.Ordinal);
        var replies = new List<JsonElement>();
        await using (var connection = await Service.ConnectAsync())
        {
            await foreach (var reply in connection.CallMoreAsync("io.podman.BuildImage", ServiceHarness.Json($$"""{"build":{{build}}}""")))
            {
                replies.Add(reply.GetProperty("image").Clone());
            }
        }

        Assert.Equal(5, replies.Count);
        Assert.Equal("STEP 1/2: FROM localhost/bb:test\n", replies[0].GetProperty("logs")[0].GetString());
        Assert.Equal(Id, replies[^1].GetProperty("id").GetString());
        Assert.Equal(0, replies[^1].GetProperty("logs").GetArrayLength());
        var request = Assert.Single(Libpod.Requests, r => r.StartsWith("POST build", StringComparison.Ordinal));
        Assert.Equal("context tar", Libpod.Bodies[request]);
        Assert.Contains("t=localhost%2Fbuilt%3A1&t=localhost%2Fbuilt%3A2&dockerfile=Containerfile", request, StringComparison.Ordinal);
        Assert.Contains("pullpolicy=never", request, StringComparison.Ordinal);
        Assert.Contains("buildargs=%7B%22A%22%3A%221%22%7D", request, StringComparison.Ordinal);
        Assert.Contains("shmsize=67108864", request, StringComparison.Ordinal);
        Assert.True(await FileTransferTests.GoneAsync(handle), "the context tar is deleted after the build");
    }

    [Fact]
    public async Task BuildImageWithoutMoreIsErrorOccurredAsIn193()
    {
        var error = await Service.CallErrorAsync("BuildImage", """{"build":{"contextDir":"/tmp/varlink_send1"}}""");
        Assert.Equal("endpoint requires a more connection", error.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BuildImageFailureIsErrorOccurredWithTheBuildsMessage()
    {
        Libpod.On("POST", "build", async context =>
        {
            await context.Response.WriteAsync("{\"stream\":\"STEP 1/1: FROM nosuch\\n\"}\n{\"error\":\"nosuch: image not known\",\"errorDetail\":{\"message\":\"nosuch: image not known\"}}\n");
        });
        var handle = await SendAsync("ctx");
        await using var connection = await Service.ConnectAsync();
        var error = await Assert.ThrowsAnyAsync<global::Varlink.VarlinkRemoteException>(async () =>
        {
            await foreach (var _ in connection.CallMoreAsync("io.podman.BuildImage", ServiceHarness.Json($$$"""{"build":{"contextDir":"{{{handle}}}","dockerfiles":[]}}""")))
            {
            }
        });
        Assert.Equal("nosuch: image not known", error.Parameters.GetProperty("reason").GetString());
        Assert.True(await FileTransferTests.GoneAsync(handle));
    }

    [Fact]
    public async Task CreateFromCCIsErrorOccurredNotMethodNotImplemented()
    {
        var error = await Service.CallErrorAsync("CreateFromCC", """{"in":["busybox"]}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
    }
}
