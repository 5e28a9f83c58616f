using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>
/// Attach and ExecContainer through the service as a client sees them: the upgrade reply, then 1.9.3's
/// frames byte for byte (<c>[dest, 0, 0, 0, BE length] + payload</c>), bridged to a fake libpod whose
/// attach endpoint is a real HTTP upgrade (Kestrel's) speaking docker's stream format.
/// </summary>
public sealed class AttachExecTests : IAsyncLifetime
{
    private ServiceHarness _service = null!;

    public async Task InitializeAsync() => _service = await ServiceHarness.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>A recorded inspect with the fields the test sets.</summary>
    private static (string Id, string Json) Inspect(string recorded, bool tty = false, bool openStdin = false)
    {
        var node = JsonNode.Parse(Recorded.Text(recorded))!;
        node["Config"]!["Tty"] = tty;
        node["Config"]!["OpenStdin"] = openStdin;
        return (node["Id"]!.GetValue<string>(), node.ToJsonString());
    }

    /// <summary>The call must fail with <paramref name="error"/>: its reason (or id).</summary>
    private static async Task<string> FailsWithAsync(string error, Func<Task> call, string field = "reason")
    {
        var e = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(call);
        Assert.Equal(error, e.ErrorName);
        return e.Parameters.GetProperty(field).GetString()!;
    }

    private static byte[] Frame(byte destination, string text) => Frame(destination, Encoding.UTF8.GetBytes(text));

    private static byte[] Frame(byte destination, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = destination;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Quit(int code) => Frame(4, [(byte)(code >> 24), (byte)(code >> 16), (byte)(code >> 8), (byte)code]);

    private static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return [.. header, .. payload];
    }

    private static async Task<Stream> UpgradeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpUpgradeFeature>()!;
        Assert.True(feature.IsUpgradableRequest, "libpod's attach and exec start need Connection: Upgrade");
        return await feature.UpgradeAsync();
    }

    private static async Task<string> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private async Task<VarlinkUpgrade<JsonElement>> AttachAsync(string parameters, CancellationToken cancellationToken)
    {
        var connection = await _service.ConnectAsync();
        return await connection.UpgradeAsync("io.podman.Attach", ServiceHarness.Json(parameters), cancellationToken);
    }

    [Fact]
    public async Task AttachWithoutTtySendsStdoutAndStderrAsTheirFramesForwardsStdinHalfClosesOnHangUpAndQuitsWithTheExitCode()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, json) = Inspect("inspect-running.json", openStdin: true);
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.Reply("POST", $"containers/{id}/wait", 200, "7");
        // On the fake's raw door: Kestrel would drop what is written after the service's half-close.
        _service.Libpod.OnHijack("POST", $"containers/{id}/attach", async stream =>
        {
            await stream.WriteAsync(Frame(1, "out\n"));
            await stream.WriteAsync(Frame(2, "err\n"));
            await stream.FlushAsync();

            // Everything the process reads, until the end of its input; then it echoes it and exits.
            var input = await ReadToEndAsync(stream, timeout.Token);
            await stream.WriteAsync(Frame(1, "read " + input));
            await stream.FlushAsync();
        });

        await using var upgrade = await AttachAsync("""{"name":"c1","detachKeys":"","start":false}""", timeout.Token);
        var session = upgrade.Stream;
        Assert.Equal(Frame(0, "out\n"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Frame(2, "err\n"), await ReadFrameAsync(session, timeout.Token));
        await session.WriteAsync(Frame(1, "hi "), timeout.Token);
        await session.WriteAsync(Frame(1, "there"), timeout.Token);
        await session.WriteAsync(Frame(5, "EOF"), timeout.Token);
        await session.FlushAsync(timeout.Token);
        Assert.Equal(Frame(0, "read hi there"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Quit(7), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(0, await session.ReadAsync(new byte[1], timeout.Token));
        Assert.Contains($"POST containers/{id}/attach?stream=true&stdout=true&stderr=true&stdin=true&detachKeys=", _service.Libpod.Requests);
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task AttachWithTtyFramesRawOutputAsStdoutAndAppliesTheTerminalSize()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, json) = Inspect("inspect-running.json", tty: true, openStdin: true);
        var resized = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.Reply("POST", $"containers/{id}/wait", 200, "0");
        _service.Libpod.On("POST", $"containers/{id}/resize", context =>
        {
            resized.TrySetResult(context.Request.QueryString.Value!);
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        _service.Libpod.On("POST", $"containers/{id}/attach", async context =>
        {
            var stream = await UpgradeAsync(context);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("\u0001\u0002\u0003\u0004prompt$ "));
            await stream.FlushAsync();
            var size = await resized.Task.WaitAsync(timeout.Token);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("size " + size));
            await stream.FlushAsync();
        });

        await using var upgrade = await AttachAsync("""{"name":"c1","detachKeys":"","start":false}""", timeout.Token);
        var session = upgrade.Stream;

        // Raw bytes that look like a docker header are output too, not a frame header.
        Assert.Equal(Frame(0, "\u0001\u0002\u0003\u0004prompt$ "), await ReadFrameAsync(session, timeout.Token));
        await session.WriteAsync(Frame(3, """{"Width":100,"Height":30}"""), timeout.Token);
        Assert.Equal(Frame(0, "size ?h=30&w=100"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Quit(0), await ReadFrameAsync(session, timeout.Token));
    }

    [Fact]
    public async Task DetachKeysEndTheSessionWithQuitZeroWithoutPassingTheKeysOnOrWaitingForTheContainer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, json) = Inspect("inspect-running.json", tty: true, openStdin: true);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.On("POST", $"containers/{id}/attach", async context =>
        {
            var stream = await UpgradeAsync(context);
            try
            {
                received.TrySetResult(await ReadToEndAsync(stream, timeout.Token));
            }
            catch (Exception e)
            {
                received.TrySetResult("failed: " + e.Message);
            }
        });

        await using var upgrade = await AttachAsync("""{"name":"c1","detachKeys":"ctrl-a,d","start":false}""", timeout.Token);
        var session = upgrade.Stream;
        await session.WriteAsync(Frame(1, "a\u0001b"), timeout.Token);
        await session.WriteAsync(Frame(1, "\u0001"), timeout.Token);
        await session.WriteAsync(Frame(1, "d"), timeout.Token);
        Assert.Equal(Quit(0), await ReadFrameAsync(session, timeout.Token));

        // libpod saw the bytes that broke the sequence, then the end of its stream: never the keys themselves.
        Assert.Equal("a\u0001b", await received.Task.WaitAsync(timeout.Token));
        Assert.DoesNotContain(_service.Libpod.Requests, r => r.Contains("/wait", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttachWithStartAttachesBeforeStartingAndARemovedContainerGivesTheExitCodeOfItsDiedEvent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, json) = Inspect("inspect-created.json");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.On("POST", $"containers/{id}/start", context =>
        {
            started.TrySetResult();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        _service.Libpod.Reply("POST", $"containers/{id}/wait", 404, """{"cause":"no such container","message":"no container with ID found","response":404}""");
        _service.Libpod.Reply("GET", "events", 200, $$$"""{"status":"died","id":"{{{id}}}","Type":"container","Action":"died","Actor":{"ID":"{{{id}}}","Attributes":{"containerExitCode":"3"}},"time":1,"timeNano":1}""" + "\n");
        _service.Libpod.On("POST", $"containers/{id}/attach", async context =>
        {
            var stream = await UpgradeAsync(context);
            await started.Task.WaitAsync(timeout.Token);
            await stream.WriteAsync(Frame(1, "ran\n"));
            await stream.FlushAsync();
        });

        await using var upgrade = await AttachAsync("""{"name":"c1","detachKeys":"","start":true}""", timeout.Token);
        Assert.Equal(Frame(0, "ran\n"), await ReadFrameAsync(upgrade.Stream, timeout.Token));
        Assert.Equal(Quit(3), await ReadFrameAsync(upgrade.Stream, timeout.Token));
        var requests = _service.Libpod.Requests.ToList();
        Assert.True(requests.FindIndex(r => r.StartsWith($"POST containers/{id}/attach", StringComparison.Ordinal)) < requests.IndexOf($"POST containers/{id}/start"));
        Assert.Contains(requests, r => r.StartsWith("GET events?stream=false&filters=", StringComparison.Ordinal) && r.Contains("died", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttachToAStoppedOrMissingContainerIsErrorOccurredAndTheServiceServesOn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _service.Libpod.Reply("GET", "containers/c1/json", 200, Inspect("inspect-exited.json").Json);
        var stopped = await FailsWithAsync("io.podman.ErrorOccurred", () => AttachAsync("""{"name":"c1","detachKeys":"","start":false}""", timeout.Token));
        Assert.Equal("container must be running to attach", stopped);

        var missing = await FailsWithAsync("io.podman.ErrorOccurred", () => AttachAsync("""{"name":"nosuch","detachKeys":"","start":true}""", timeout.Token));
        Assert.Contains("no route", missing, StringComparison.Ordinal);

        var plain = await FailsWithAsync("io.podman.ErrorOccurred", () => _service.CallAsync("Attach", """{"name":"c1","detachKeys":"","start":false}"""));
        Assert.Equal("client must use upgraded connection to attach", plain);
        Assert.DoesNotContain(_service.Libpod.Requests, r => r.Contains("/attach", StringComparison.Ordinal));

        // Still serving.
        Assert.Equal("io.podman.ContainerNotFound", (await _service.CallErrorAsync("GetAttachSockets", """{"name":"nosuch"}""")).ErrorName);
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task BadDetachKeysAreErrorOccurredNamingTheParameterBeforeAnythingIsDone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var attach = await FailsWithAsync("io.podman.ErrorOccurred", () => AttachAsync("""{"name":"c1","detachKeys":"ctrl-1","start":false}""", timeout.Token));
        Assert.StartsWith("detachKeys \"ctrl-1\"", attach, StringComparison.Ordinal);

        var connection = await _service.ConnectAsync();
        var exec = await FailsWithAsync("io.podman.ErrorOccurred", () => connection.UpgradeAsync(
            "io.podman.ExecContainer", ServiceHarness.Json("""{"opts":{"name":"c1","tty":false,"privileged":false,"cmd":["true"],"detachKeys":"ctrl-p,,"}}"""), timeout.Token));
        Assert.StartsWith("opts.detachKeys \"ctrl-p,,\"", exec, StringComparison.Ordinal);
        Assert.Empty(_service.Libpod.Requests);
    }

    [Fact]
    public async Task ExecInAMissingContainerIsContainerNotFoundAndInAStoppedOneErrorOccurredWith193sText()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, json) = Inspect("inspect-exited.json");
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        const string Opts = """{"opts":{"name":"NAME","tty":false,"privileged":false,"cmd":["true"]}}""";

        var connection = await _service.ConnectAsync();
        var missing = await FailsWithAsync("io.podman.ContainerNotFound", () => connection.UpgradeAsync("io.podman.ExecContainer", ServiceHarness.Json(Opts.Replace("NAME", "nosuch", StringComparison.Ordinal)), timeout.Token), "id");
        Assert.Equal("nosuch", missing);

        connection = await _service.ConnectAsync();
        var stopped = await FailsWithAsync("io.podman.ErrorOccurred", () => connection.UpgradeAsync("io.podman.ExecContainer", ServiceHarness.Json(Opts.Replace("NAME", "c1", StringComparison.Ordinal)), timeout.Token));
        Assert.Equal($"exec requires a running container, {id} is exited", stopped);

        var plain = await FailsWithAsync("io.podman.ErrorOccurred", () => _service.CallAsync("ExecContainer", Opts.Replace("NAME", "c1", StringComparison.Ordinal)));
        Assert.Equal("client must use upgraded connection to exec", plain);
        Assert.DoesNotContain(_service.Libpod.Requests, r => r.Contains("/exec", StringComparison.Ordinal));
        Assert.Empty(_service.Failures);
    }

    /// <summary>A running container with a terminal, and exec session <c>e1</c> in it exiting with <paramref name="exitCode"/>.</summary>
    private string ExecSessionReplies(int exitCode)
    {
        var (id, json) = Inspect("inspect-running.json", tty: true, openStdin: true);
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.Reply("POST", $"containers/{id}/exec", 201, """{"Id":"e1"}""");
        _service.Libpod.Reply("GET", "exec/e1/json", 200, $$"""{"Running":false,"ExitCode":{{exitCode}},"ContainerID":"{{id}}"}""");
        return id;
    }

    private async Task<Stream> ExecWithTtyAsync(CancellationToken cancellationToken)
    {
        var connection = await _service.ConnectAsync();
        var upgrade = await connection.UpgradeAsync(
            "io.podman.ExecContainer",
            ServiceHarness.Json("""{"opts":{"name":"c1","tty":true,"privileged":false,"cmd":["sh"],"detachKeys":""}}"""),
            cancellationToken);
        return upgrade.Stream;
    }

    [Fact]
    public async Task TtyExecStartsAtTheSizeInTheClientsFirstFrameAndLaterSizesResizeIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ExecSessionReplies(3);
        var resized = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _service.Libpod.On("POST", "exec/e1/resize", context =>
        {
            resized.TrySetResult(context.Request.QueryString.Value!);
            context.Response.StatusCode = 201;
            return Task.CompletedTask;
        });
        _service.Libpod.OnHijack("POST", "exec/e1/start", async stream =>
        {
            // What the process sees first: the size it was started at (from the start's body).
            var start = JsonDocument.Parse(_service.Libpod.Bodies["POST exec/e1/start"]).RootElement;
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"started {start.GetProperty("h")} {start.GetProperty("w")} tty={start.GetProperty("Tty")}\r\n"));
            await stream.FlushAsync();
            var size = await resized.Task.WaitAsync(timeout.Token);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("resized " + size));
            await stream.FlushAsync();
        });

        // Long enough that a start before the first frame would be seen: the session starts at the frame.
        _service.Service.InitialSizeWait = TimeSpan.FromSeconds(20);
        var session = await ExecWithTtyAsync(timeout.Token);
        await session.WriteAsync(Frame(3, """{"Width":120,"Height":40}"""), timeout.Token);
        await session.FlushAsync(timeout.Token);
        Assert.Equal(Frame(0, "started 40 120 tty=True\r\n"), await ReadFrameAsync(session, timeout.Token));

        await session.WriteAsync(Frame(3, """{"Width":80,"Height":24}"""), timeout.Token);
        await session.FlushAsync(timeout.Token);
        Assert.Equal(Frame(0, "resized ?h=24&w=80"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Quit(3), await ReadFrameAsync(session, timeout.Token));
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task TtyExecWhoseClientSendsInputFirstStartsWithoutASizeAndLosesNoneOfTheInput()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ExecSessionReplies(0);
        _service.Libpod.OnHijack("POST", "exec/e1/start", async stream =>
        {
            var input = await ReadToEndAsync(stream, timeout.Token);
            var start = _service.Libpod.Bodies["POST exec/e1/start"];
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"read {input} sized={start.Contains("\"h\"", StringComparison.Ordinal)}"));
            await stream.FlushAsync();
        });

        _service.Service.InitialSizeWait = TimeSpan.FromSeconds(20);
        var session = await ExecWithTtyAsync(timeout.Token);
        await session.WriteAsync(Frame(1, "ab"), timeout.Token);
        await session.WriteAsync(Frame(1, "c"), timeout.Token);
        await session.WriteAsync(Frame(5, "EOF"), timeout.Token);
        await session.FlushAsync(timeout.Token);
        Assert.Equal(Frame(0, "read abc sized=False"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Quit(0), await ReadFrameAsync(session, timeout.Token));
    }

    [Fact]
    public async Task TtyExecWhoseClientSendsNothingStartsAfterTheWaitAndReadsWhatComesLater()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ExecSessionReplies(5);
        _service.Libpod.OnHijack("POST", "exec/e1/start", async stream =>
        {
            await stream.WriteAsync("prompt$ "u8.ToArray());
            await stream.FlushAsync();
            var input = await ReadToEndAsync(stream, timeout.Token);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("read " + input));
            await stream.FlushAsync();
        });

        _service.Service.InitialSizeWait = TimeSpan.FromMilliseconds(200);
        var session = await ExecWithTtyAsync(timeout.Token);

        // The client speaks only once the process has: the read pending since the reply gets its frame.
        Assert.Equal(Frame(0, "prompt$ "), await ReadFrameAsync(session, timeout.Token));
        await session.WriteAsync(Frame(1, "xyz"), timeout.Token);
        await session.WriteAsync(Frame(5, "EOF"), timeout.Token);
        await session.FlushAsync(timeout.Token);
        Assert.Equal(Frame(0, "read xyz"), await ReadFrameAsync(session, timeout.Token));
        Assert.Equal(Quit(5), await ReadFrameAsync(session, timeout.Token));
        Assert.DoesNotContain("\"h\"", _service.Libpod.Bodies["POST exec/e1/start"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATtyExecThatCannotStartTellsWhyInTheSessionAndQuitsWith126()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ExecSessionReplies(0);
        _service.Libpod.Reply("POST", "exec/e1/start", 409, """{"cause":"container state improper","message":"cannot exec in a container that is not running","response":409}""");

        var session = await ExecWithTtyAsync(timeout.Token);
        await session.WriteAsync(Frame(3, """{"Width":80,"Height":24}"""), timeout.Token);
        await session.FlushAsync(timeout.Token);
        var said = await ReadFrameAsync(session, timeout.Token);
        Assert.Equal(0, said[0]);
        Assert.Contains("cannot exec in a container that is not running", Encoding.UTF8.GetString(said, 8, said.Length - 8), StringComparison.Ordinal);
        Assert.Equal(Quit(126), await ReadFrameAsync(session, timeout.Token));
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task GetAttachSocketsInitialisesAContainerNotRunningAndNamesConmonsSockets()
    {
        var (id, json) = Inspect("inspect-created.json");
        _service.Libpod.Reply("GET", "containers/c1/json", 200, json);
        _service.Libpod.Reply("GET", $"containers/{id}/json", 200, json);
        _service.Libpod.Reply("POST", $"containers/{id}/init", 204);
        var sockets = (await _service.CallAsync("GetAttachSockets", """{"name":"c1"}""")).GetProperty("sockets");
        var dir = $"/var/lib/containers/storage/overlay-containers/{id}/userdata";
        Assert.Equal(id, sockets.GetProperty("container_id").GetString());
        Assert.Equal(dir + "/attach", sockets.GetProperty("io_socket").GetString());
        Assert.Equal(dir + "/ctl", sockets.GetProperty("control_socket").GetString());
        Assert.Contains($"POST containers/{id}/init", _service.Libpod.Requests);

        Assert.Equal(JsonValueKind.Object, (await _service.CallAsync("AttachControl", """{"name":"c1"}""")).ValueKind);
        Assert.Equal("io.podman.ContainerNotFound", (await _service.CallErrorAsync("AttachControl", """{"name":"nosuch"}""")).ErrorName);
    }
}
