using System.Text;
using System.Text.Json;
using Varlink;

namespace Podman.Client.Tests;

/// <summary>
/// SendFile as io.podman 1.9.3 speaks it (reference §3.3): the reply's <c>file_handle</c>, exactly <c>length</c> raw bytes,
/// then the service's ACK, the path and a <c>:</c>; and the image calls that take a file through it.
/// </summary>
public sealed class FileTransferTests
{
    private const string Handle = "/tmp/varlink_send1234567890";

    /// <summary>A SendFile that reads the declared bytes into <paramref name="received"/>, then answers <paramref name="ack"/> (nothing when null).</summary>
    private static Func<VarlinkCall, CancellationToken, ValueTask> SendFile(MemoryStream received, string? ack = Handle + ":") => async (call, token) =>
    {
        var length = call.Parameters.GetProperty("length").GetInt64();
        var stream = await call.UpgradeAsync(FakePodman.Json($$"""{"file_handle":"{{Handle}}"}"""), token);
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, token);
        received.Write(buffer);
        if (ack is not null)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(ack), token);
            await stream.FlushAsync(token);
        }
    };

    [Fact]
    public async Task SendFileWritesExactlyTheBytesAndReturnsTheAcknowledgedHandle()
    {
        var received = new MemoryStream();
        await using var podman = new FakePodman().On("SendFile", SendFile(received));
        await using var client = podman.CreateClient();
        var content = new MemoryStream(Encoding.ASCII.GetBytes("0123456789 and more"));
        Assert.Equal(Handle, await client.System.SendFileAsync(content, 10));
        Assert.Equal("0123456789", Encoding.ASCII.GetString(received.ToArray()));
    }

    [Fact]
    public async Task SendFileThatTheServiceDoesNotAcknowledgeFails()
    {
        // The service read the bytes but closed the connection without its ACK: it did not keep the file (1.9 on a short file).
        var received = new MemoryStream();
        await using var podman = new FakePodman().On("SendFile", SendFile(received, ack: null));
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanConnectionException>(() => client.System.SendFileAsync(new MemoryStream([1, 2, 3]), 3));
        Assert.Contains("without acknowledging", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, received.Length);
    }

    [Fact]
    public async Task SendFileAcknowledgedWithAnotherPathFails()
    {
        await using var podman = new FakePodman().On("SendFile", SendFile(new MemoryStream(), ack: "/tmp/varlink_send1:"));
        await using var client = podman.CreateClient();
        var error = await Assert.ThrowsAsync<PodmanConnectionException>(() => client.System.SendFileAsync(new MemoryStream([1]), 1));
        Assert.Contains(Handle, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportFromAStreamSendsItAndImportsTheHandleWhichTheServiceDeletes()
    {
        var received = new MemoryStream();
        JsonElement import = default;
        await using var podman = new FakePodman()
            .On("SendFile", SendFile(received))
            .On("ImportImage", async (call, token) =>
            {
                import = call.Parameters.Clone();
                await call.ReplyAsync(FakePodman.Json("""{"image":"abc"}"""), cancellationToken: token);
            });
        await using var client = podman.CreateClient();

        // A stream that cannot seek: copied aside first, so that SendFile knows the length.
        var rootfs = new UnseekableStream(Encoding.ASCII.GetBytes("a rootfs tar"));
        Assert.Equal("abc", await client.Images.ImportAsync(rootfs, "localhost/x:1", "made here", ["CMD=/bin/sh"]));
        Assert.Equal("a rootfs tar", Encoding.ASCII.GetString(received.ToArray()));
        Assert.Equal(["SendFile", "ImportImage"], podman.Calls);
        Assert.Equal(Handle, import.GetProperty("source").GetString());
        Assert.Equal("localhost/x:1", import.GetProperty("reference").GetString());
        Assert.True(import.GetProperty("delete").GetBoolean());
    }

    [Fact]
    public async Task BuildFromAStreamUsesTheHandleAsTheContextAndLoadDeletesItsFile()
    {
        JsonElement build = default;
        JsonElement load = default;
        await using var podman = new FakePodman()
            .On("SendFile", SendFile(new MemoryStream()))
            .On("BuildImage", async (call, token) =>
            {
                build = call.Parameters.Clone();
                await call.ReplyAsync(FakePodman.Json("""{"image":{"logs":["STEP 1/1"],"id":""}}"""), continues: true, cancellationToken: token);
                await call.ReplyAsync(FakePodman.Json("""{"image":{"logs":[],"id":"b1"}}"""), cancellationToken: token);
            })
            .On("LoadImage", async (call, token) =>
            {
                load = call.Parameters.Clone();
                await call.ReplyAsync(FakePodman.Json("""{"reply":{"logs":[],"id":"localhost/x:1"}}"""), cancellationToken: token);
            });
        await using var client = podman.CreateClient();

        var built = new List<ImageProgress>();
        await foreach (var progress in client.Images.BuildAsync(new MemoryStream([1, 2]), new ImageBuildParameters { Tags = ["localhost/x:1"] }))
        {
            built.Add(progress);
        }

        Assert.Equal("b1", built[^1].ImageId);
        Assert.Equal(Handle, build.GetProperty("build").GetProperty("contextDir").GetString());
        Assert.Equal("localhost/x:1", build.GetProperty("build").GetProperty("output").GetString());

        var loaded = new List<ImageProgress>();
        await foreach (var progress in client.Images.LoadAsync(new MemoryStream([3]), "localhost/x:1"))
        {
            loaded.Add(progress);
        }

        Assert.Equal("localhost/x:1", Assert.Single(loaded).ImageId);
        Assert.Equal(Handle, load.GetProperty("inputFile").GetString());
        Assert.True(load.GetProperty("deleteFile").GetBoolean());
        Assert.Equal(["SendFile", "BuildImage", "SendFile", "LoadImage"], podman.Calls);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var progress in client.Images.BuildAsync(new MemoryStream([1]), new ImageBuildParameters { ContextDirectory = "/ctx" }))
            {
            }
        });
    }

    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task ExportWithoutAPathAsksTheServiceForATransferFileAndReturnsItsName()
    {
        string? sentPath = null;
        await using var podman = new FakePodman().On("ExportContainer", async (call, token) =>
        {
            sentPath = call.Parameters.GetProperty("path").GetString();
            await call.ReplyAsync(FakePodman.Json("""{"tarfile":"/tmp/varlink_recv42"}"""), cancellationToken: token);
        });
        await using var client = podman.CreateClient();

        Assert.Equal("/tmp/varlink_recv42", await client.Containers.ExportAsync("web", string.Empty));
        Assert.Equal(string.Empty, sentPath);
    }
}
