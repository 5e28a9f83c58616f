using System.Text;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// Attach and exec sessions through the facade, end to end (Podman.Client → SSH → varlink bridge →
/// Podman.Server → podman 4.3): stdin as a stream, stdout and stderr as separate streams, the exit code,
/// a terminal's size, detaching; each checked against what the process did and what podman records.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class AttachExecTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private PodmanClient Client => appliance.Client;

    private static string NewName(string what) => what + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> RunningAsync(string name, CancellationToken cancellationToken, bool tty = false, bool interactive = false, string script = "trap 'exit 0' TERM; while true; do sleep 0.1; done")
    {
        var id = await Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = name, Command = ["sh", "-c", script], Tty = tty, Interactive = interactive },
            cancellationToken);
        return id;
    }

    private async Task RemoveAsync(string id)
    {
        using var cleanup = new CancellationTokenSource(Generous);
        await Client.Containers.RemoveAsync(id, force: true, cancellationToken: cleanup.Token);
    }

    /// <summary>Reads <paramref name="stream"/> until its text so far contains <paramref name="expected"/>.</summary>
    private static async Task<string> ReadUntilAsync(Stream stream, StringBuilder seen, string expected, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, $"the stream ended before \"{expected}\" (saw \"{seen}\")");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return seen.ToString();
    }

    [Fact]
    public async Task ExecWithoutTtyWritesStdinReadsStdoutAndStderrApartAndGivesTheExitCode()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("exec"), timeout.Token);
        try
        {
            await Client.Containers.StartAsync(id, timeout.Token);
            await using var session = await Client.Containers.ExecAsync(id, new ExecParameters { Command = ["sh", "-c", "tr a-z A-Z; echo done >&2; exit 9"] }, timeout.Token);
            await session.Stdin.WriteAsync(Encoding.UTF8.GetBytes("shout\n"), timeout.Token);
            await session.Stdin.WriteAsync(Encoding.UTF8.GetBytes("louder"), timeout.Token);
            await session.Stdin.DisposeAsync();
            var result = await session.ReadToEndAsync(timeout.Token);
            Assert.Equal(9, result.ExitCode);
            Assert.Equal("SHOUT\nLOUDER", result.Stdout);
            Assert.Equal("done\n", result.Stderr);
        }
        finally
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task ExecWithTtyStartsAtTheTerminalSizeGiven()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("exec-size"), timeout.Token);
        try
        {
            await Client.Containers.StartAsync(id, timeout.Token);

            // The process's first act is to read its size: no resize after the start could be in time.
            await using var session = await Client.Containers.ExecAsync(
                id,
                new ExecParameters { Command = ["/bin/busybox", "stty", "size"], Tty = true, TerminalSize = (77, 21) },
                timeout.Token);
            var result = await session.ReadToEndAsync(timeout.Token);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("21 77\r\n", result.Stdout);
        }
        finally
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task ExecWithTtyMergesOutputOnStdoutAndTakesTheTerminalSize()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("exec-tty"), timeout.Token);
        try
        {
            await Client.Containers.StartAsync(id, timeout.Token);
            await using var session = await Client.Containers.ExecAsync(
                id,
                new ExecParameters { Command = ["sh", "-c", "echo ready; while read l; do [ \"$l\" = q ] && break; echo \"size=$(/bin/busybox stty size).\"; done; echo gone >&2; exit 2"], Tty = true },
                timeout.Token);
            var seen = new StringBuilder();
            await ReadUntilAsync(session.Stdout, seen, "ready", timeout.Token);
            await session.ResizeAsync(120, 40, timeout.Token);

            // The size is applied beside the input: ask (a bounded number of times) until it shows.
            for (int attempt = 1; attempt <= 50 && !seen.ToString().Contains("size=40 120.", StringComparison.Ordinal); attempt++)
            {
                await session.Stdin.WriteAsync("\n"u8.ToArray(), timeout.Token);
                var marker = $"size=";
                while (CountOf(seen.ToString(), marker) < attempt || !seen.ToString().TrimEnd().EndsWith('.'))
                {
                    var buffer = new byte[1024];
                    var read = await session.Stdout.ReadAsync(buffer, timeout.Token);
                    Assert.True(read > 0, seen.ToString());
                    seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }

            Assert.Contains("size=40 120.", seen.ToString(), StringComparison.Ordinal);
            await session.Stdin.WriteAsync("q\n"u8.ToArray(), timeout.Token);
            var rest = await session.ReadToEndAsync(timeout.Token);
            Assert.Equal(2, rest.ExitCode);
            Assert.Contains("gone\r\n", rest.Stdout, StringComparison.Ordinal);
            Assert.Equal("", rest.Stderr);
        }
        finally
        {
            await RemoveAsync(id);
        }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task AttachStartsAContainerAndGivesItsOutputAndExitCode()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("attach"), timeout.Token, script: "echo to-out; echo to-err >&2; exit 4");
        try
        {
            await using var session = await Client.Containers.AttachAsync(id, start: true, cancellationToken: timeout.Token);
            var result = await session.ReadToEndAsync(timeout.Token);
            Assert.Equal(4, result.ExitCode);
            Assert.Equal("to-out\n", result.Stdout);
            Assert.Equal("to-err\n", result.Stderr);
            Assert.Equal(4, await Client.Containers.WaitAsync(id, cancellationToken: timeout.Token));
        }
        finally
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task AttachWithTtyDetachesOnItsKeysAndTheContainerRunsOn()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("attach-tty"), timeout.Token, tty: true, interactive: true, script: "echo ready; while read l; do echo \"got $l\"; done");
        try
        {
            await using (var session = await Client.Containers.AttachAsync(id, start: true, detachKeys: "ctrl-x,x", cancellationToken: timeout.Token))
            {
                var seen = new StringBuilder();
                await ReadUntilAsync(session.Stdout, seen, "ready", timeout.Token);
                await session.Stdin.WriteAsync("hello\n"u8.ToArray(), timeout.Token);
                await ReadUntilAsync(session.Stdout, seen, "got hello", timeout.Token);
                await session.Stdin.WriteAsync(new byte[] { 0x18, (byte)'x' }, timeout.Token);
                Assert.Equal(0, await session.ExitCode.WaitAsync(timeout.Token));
            }

            Assert.Equal(ContainerState.Running, (await Client.Containers.GetAsync(id, timeout.Token)).State);
        }
        finally
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task AttachToAStoppedContainerAndExecInAMissingOneFailTyped()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await RunningAsync(NewName("stopped"), timeout.Token, script: "true");
        try
        {
            await Client.Containers.StartAsync(id, timeout.Token);
            await Client.Containers.WaitAsync(id, cancellationToken: timeout.Token);
            var attach = await Assert.ThrowsAsync<PodmanRemoteException>(() => Client.Containers.AttachAsync(id, cancellationToken: timeout.Token));
            Assert.Equal("io.podman.ErrorOccurred", attach.ErrorName);
            Assert.Contains("must be running", attach.Message, StringComparison.Ordinal);

            var missing = await Assert.ThrowsAsync<ContainerNotFoundException>(() => Client.Containers.ExecAsync("nosuch-" + id[..8], new ExecParameters { Command = ["true"] }, timeout.Token));
            Assert.Equal("nosuch-" + id[..8], missing.Id);

            // The client goes on working.
            Assert.Equal(ContainerState.Exited, (await Client.Containers.GetAsync(id, timeout.Token)).State);
        }
        finally
        {
            await RemoveAsync(id);
        }
    }
}
