using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// Attach and ExecContainer against real podman in the appliance, through SSH and the VM's varlink
/// bridge: 1.9.3's frames read byte by byte, the process's output, input and exit code checked against
/// what the script did and what <c>podman</c> in the VM reports.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class AttachExecConformanceTests(IoPodmanVm vm, ITestOutputHelper output)
{
    private const byte Stdout = 0, Stdin = 1, Stderr = 2, Resize = 3, Quit = 4, HangUp = 5;

    /// <summary>What a session sent until its quit frame.</summary>
    private sealed record Transcript(string Stdout, string Stderr, int ExitCode, List<byte> Destinations);

    private static byte[] Frame(byte destination, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = destination;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<(byte Destination, byte[] Payload)> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, cancellationToken);
        Assert.Equal(new byte[3], header[1..4]);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return (header[0], payload);
    }

    /// <summary>Reads frames up to the quit frame (which must be 4 bytes), then the connection's end.</summary>
    private static async Task<Transcript> ReadToQuitAsync(Stream stream, CancellationToken cancellationToken, StringBuilder? stdout = null)
    {
        stdout ??= new StringBuilder();
        var stderr = new StringBuilder();
        var destinations = new List<byte>();
        while (true)
        {
            var (destination, payload) = await ReadFrameAsync(stream, cancellationToken);
            destinations.Add(destination);
            switch (destination)
            {
                case Stdout:
                    stdout.Append(Encoding.UTF8.GetString(payload));
                    break;
                case Stderr:
                    stderr.Append(Encoding.UTF8.GetString(payload));
                    break;
                case Quit:
                    Assert.Equal(4, payload.Length);
                    Assert.Equal(0, await stream.ReadAsync(new byte[1], cancellationToken));
                    return new Transcript(stdout.ToString(), stderr.ToString(), (int)BinaryPrimitives.ReadUInt32BigEndian(payload), destinations);
                default:
                    Assert.Fail($"the service sent a frame for destination {destination}");
                    break;
            }
        }
    }

    /// <summary>Reads output frames until the text so far contains <paramref name="expected"/>.</summary>
    private static async Task ReadUntilAsync(Stream stream, StringBuilder stdout, string expected, CancellationToken cancellationToken)
    {
        while (!stdout.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var (destination, payload) = await ReadFrameAsync(stream, cancellationToken);
            Assert.True(destination == Stdout, $"frame for {destination} while waiting for \"{expected}\" after \"{stdout}\"");
            stdout.Append(Encoding.UTF8.GetString(payload));
        }
    }

    private async Task<VarlinkUpgrade<JsonElement>> UpgradeAsync(string method, string parameters, CancellationToken cancellationToken)
    {
        var connection = await vm.ConnectAsync(cancellationToken);
        return await connection.UpgradeAsync("io.podman." + method, ServiceHarness.Json(parameters), cancellationToken);
    }

    private static string ExecOpts(string name, bool tty, string[] cmd, string extra = "")
        => $$$"""{"opts":{"name":"{{{name}}}","tty":{{{(tty ? "true" : "false")}}},"privileged":false,"cmd":{{{JsonSerializer.Serialize(cmd)}}}{{{extra}}}}}""";

    private async Task<string> RunningAsync(string what)
    {
        var name = vm.NewName(what);
        await vm.CreateAsync(name, "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        await vm.CallAsync("StartContainer", $$"""{"name":"{{name}}"}""");
        return name;
    }

    private async Task RemoveAsync(string name) => await vm.Machine.RunAsync($"podman rm -f -t 0 {name}");

    [Fact]
    public async Task ExecWithoutTtyKeepsStdoutAndStderrApartReadsStdinToItsEndAndQuitsWithTheExitCode()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var name = await RunningAsync("exec");
        try
        {
            await using var upgrade = await UpgradeAsync("ExecContainer", ExecOpts(name, false, ["/bin/sh", "-c", "echo out; cat; echo err >&2; exit 7"], ""","env":["A=1","broken"]"""), timeout.Token);
            var stdout = new StringBuilder();
            await ReadUntilAsync(upgrade.Stream, stdout, "out\n", timeout.Token);
            await upgrade.Stream.WriteAsync(Frame(Stdin, "line one\n"), timeout.Token);
            await upgrade.Stream.WriteAsync(Frame(Stdin, "line two"), timeout.Token);
            await upgrade.Stream.WriteAsync(Frame(HangUp, "EOF"), timeout.Token);
            var transcript = await ReadToQuitAsync(upgrade.Stream, timeout.Token, stdout);
            Assert.Equal("out\nline one\nline two", transcript.Stdout);
            Assert.Equal("err\n", transcript.Stderr);
            Assert.Equal(7, transcript.ExitCode);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task ExecWithTtyMergesTheOutputAppliesTheTerminalSizeAndQuitsWithTheExitCode()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var name = await RunningAsync("exec-tty");
        try
        {
            await using var upgrade = await UpgradeAsync("ExecContainer", ExecOpts(name, true, ["/bin/sh", "-c", "echo ready; while read l; do [ \"$l\" = q ] && break; echo \"size=$(/bin/busybox stty size).\"; done; echo err >&2; exit 3"]), timeout.Token);
            var stdout = new StringBuilder();
            await ReadUntilAsync(upgrade.Stream, stdout, "ready", timeout.Token);
            await upgrade.Stream.WriteAsync(Frame(Resize, """{"Width":91,"Height":37}"""), timeout.Token);

            // The size is applied beside the input: ask again (a bounded number of times) until it shows.
            for (int attempt = 1; attempt <= 50 && !stdout.ToString().Contains("size=37 91.", StringComparison.Ordinal); attempt++)
            {
                await upgrade.Stream.WriteAsync(Frame(Stdin, "\n"), timeout.Token);
                while (Count(stdout.ToString(), "size=") < attempt || !stdout.ToString().TrimEnd().EndsWith('.'))
                {
                    var (destination, payload) = await ReadFrameAsync(upgrade.Stream, timeout.Token);
                    Assert.Equal(Stdout, destination);
                    stdout.Append(Encoding.UTF8.GetString(payload));
                }
            }

            Assert.Contains("37 91", stdout.ToString(), StringComparison.Ordinal);
            await upgrade.Stream.WriteAsync(Frame(Stdin, "q\n"), timeout.Token);
            var transcript = await ReadToQuitAsync(upgrade.Stream, timeout.Token, stdout);
            Assert.Contains("err\r\n", transcript.Stdout, StringComparison.Ordinal);
            Assert.Equal("", transcript.Stderr);
            Assert.DoesNotContain(Stderr, transcript.Destinations);
            Assert.Equal(3, transcript.ExitCode);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task AttachWithStartRunsACreatedContainerWithItsOutputApartAndQuitsWithWhatPodmanRecords()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var name = vm.NewName("attach-start");
        var id = await vm.CreateAsync(name, "echo out; echo err >&2; exit 5");
        try
        {
            await using var upgrade = await UpgradeAsync("Attach", $$"""{"name":"{{name}}","detachKeys":"","start":true}""", timeout.Token);
            Assert.Equal(JsonValueKind.Object, upgrade.Reply.ValueKind);
            var transcript = await ReadToQuitAsync(upgrade.Stream, timeout.Token);
            Assert.Equal("out\n", transcript.Stdout);
            Assert.Equal("err\n", transcript.Stderr);
            Assert.Equal(5, transcript.ExitCode);
            Assert.Equal("5", await vm.PodmanFormatAsync(id, "{{.State.ExitCode}}"));
            Assert.Equal("exited", await vm.PodmanFormatAsync(id, "{{.State.Status}}"));
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task AttachWithTtyAndStdinRunsAShellAndItsDetachKeysLeaveTheContainerRunning()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var name = vm.NewName("attach-tty");
        var id = await vm.CreateAsync(name, "echo ready; while read l; do echo \"got $l\"; done", ""","tty":true,"interactive":true""");
        try
        {
            await using (var upgrade = await UpgradeAsync("Attach", $$"""{"name":"{{name}}","detachKeys":"ctrl-a,d","start":true}""", timeout.Token))
            {
                var stdout = new StringBuilder();
                await ReadUntilAsync(upgrade.Stream, stdout, "ready", timeout.Token);
                await upgrade.Stream.WriteAsync(Frame(Stdin, "hello\n"), timeout.Token);
                await ReadUntilAsync(upgrade.Stream, stdout, "got hello", timeout.Token);
                await upgrade.Stream.WriteAsync(Frame(Stdin, "\u0001"), timeout.Token);
                await upgrade.Stream.WriteAsync(Frame(Stdin, "d"), timeout.Token);
                var transcript = await ReadToQuitAsync(upgrade.Stream, timeout.Token, stdout);
                Assert.Equal(0, transcript.ExitCode);
            }

            Assert.Equal("running", await vm.PodmanFormatAsync(id, "{{.State.Status}}"));

            // Attached again (start=false: it runs), the same shell answers; its input's end ends it.
            await using (var again = await UpgradeAsync("Attach", $$"""{"name":"{{name}}","detachKeys":"","start":false}""", timeout.Token))
            {
                var stdout = new StringBuilder();
                await again.Stream.WriteAsync(Frame(Stdin, "again\n"), timeout.Token);
                await ReadUntilAsync(again.Stream, stdout, "got again", timeout.Token);
                await again.Stream.WriteAsync(Frame(Stdin, "\u0004"), timeout.Token);
                var transcript = await ReadToQuitAsync(again.Stream, timeout.Token, stdout);
                Assert.Equal(0, transcript.ExitCode);
            }

            Assert.Equal("exited", await vm.PodmanFormatAsync(id, "{{.State.Status}}"));
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task AttachToAStoppedContainerAndExecInAMissingOneAreTypedErrorsLeavingNothingBehind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var name = vm.NewName("stopped");
        var (id, _) = await vm.RunToEndAsync(name, "true");
        try
        {
            var before = await vm.ShAsync("podman ps -a -q --no-trunc");
            var attach = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => UpgradeAsync("Attach", $$"""{"name":"{{name}}","detachKeys":"","start":false}""", timeout.Token));
            Assert.Equal("io.podman.ErrorOccurred", attach.ErrorName);
            Assert.Equal("container must be running to attach", attach.Parameters.GetProperty("reason").GetString());

            var exec = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => UpgradeAsync("ExecContainer", ExecOpts("vmt-nosuch-ctr", false, ["true"]), timeout.Token));
            Assert.Equal("io.podman.ContainerNotFound", exec.ErrorName);
            Assert.Equal("vmt-nosuch-ctr", exec.Parameters.GetProperty("id").GetString());

            var stopped = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => UpgradeAsync("ExecContainer", ExecOpts(name, false, ["true"]), timeout.Token));
            Assert.Equal($"exec requires a running container, {id} is exited", stopped.Parameters.GetProperty("reason").GetString());

            // Nothing made, no exec session left, and the service serves on.
            Assert.Equal(before, await vm.ShAsync("podman ps -a -q --no-trunc"));
            Assert.Equal("", (await vm.PodmanFormatAsync(id, "{{range .ExecIDs}}{{.}}{{end}}")).Trim());
            Assert.Equal("1.9.3", (await vm.CallAsync("GetVersion")).GetProperty("version").GetString());
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task GetAttachSocketsNamesConmonsSocketsWhichExistOnceTheContainerIsInitialised()
    {
        var name = vm.NewName("sockets");
        var id = await vm.CreateAsync(name, "true");
        try
        {
            var sockets = (await vm.CallAsync("GetAttachSockets", $$"""{"name":"{{name}}"}""")).GetProperty("sockets");
            Assert.Equal(id, sockets.GetProperty("container_id").GetString());
            var io = sockets.GetProperty("io_socket").GetString()!;
            var control = sockets.GetProperty("control_socket").GetString()!;
            Assert.Equal(0, (await vm.Machine.RunAsync($"test -S {io} && test -p {control}")).ExitCode);
            Assert.Equal("initialized", await vm.PodmanFormatAsync(id, "{{.State.Status}}"));
            Assert.Equal(JsonValueKind.Object, (await vm.CallAsync("AttachControl", $$"""{"name":"{{name}}"}""")).ValueKind);
            Assert.Equal("io.podman.ContainerNotFound", (await vm.CallErrorAsync("AttachControl", """{"name":"vmt-nosuch-ctr"}""")).ErrorName);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task TheGeneratedGoClientExecsWithAndWithoutTtyAndAttachesWithItsOwnTransport()
    {
        using var dir = new TempDirectory();
        var go = new GoPeer(vm, output, dir);
        var program = await go.BuildAsync("session/main.go");
        var running = await RunningAsync("go-exec");
        var created = vm.NewName("go-attach");
        var id = await vm.CreateAsync(created, "echo attached; echo oops >&2; exit 6");
        try
        {
            var printed = await go.RunAsync(program, ["-bridge", await go.BridgeAsync(), "-running", running, "-created", created]);
            var steps = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .ToDictionary(s => s.GetProperty("step").GetString()!);

            Assert.Equal("from go\n", steps["exec"].GetProperty("stdout").GetString());
            Assert.Equal("err\n", steps["exec"].GetProperty("stderr").GetString());
            Assert.Equal(7, steps["exec"].GetProperty("exitcode").GetInt32());

            var tty = steps["exec-tty"];
            Assert.Equal("tty-out\r\ntty-err\r\n", tty.GetProperty("stdout").GetString());
            Assert.Equal("", tty.GetProperty("stderr").GetString());
            Assert.Equal(4, tty.GetProperty("exitcode").GetInt32());
            Assert.DoesNotContain(2, tty.GetProperty("dests").EnumerateArray().Select(d => d.GetInt32()));

            Assert.Equal(running + "-nosuch", steps["exec-missing"].GetProperty("id").GetString());

            Assert.Equal("attached\n", steps["attach"].GetProperty("stdout").GetString());
            Assert.Equal("oops\n", steps["attach"].GetProperty("stderr").GetString());
            Assert.Equal(6, steps["attach"].GetProperty("exitcode").GetInt32());
            Assert.Equal("6", await vm.PodmanFormatAsync(id, "{{.State.ExitCode}}"));
        }
        finally
        {
            await RemoveAsync(running);
            await RemoveAsync(created);
        }
    }
}
