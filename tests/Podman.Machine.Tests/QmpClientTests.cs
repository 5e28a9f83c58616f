using System.Net.Sockets;
using System.Text;

namespace Podman.Machine.Tests;

public sealed class QmpClientTests
{
    // A scripted QMP peer: greets, then answers each command line with the next scripted reply lines.
    private static async Task<List<string>> ServeAsync(Socket listener, params string[][] replies)
    {
        var received = new List<string>();
        using Socket peer = await listener.AcceptAsync();
        await using var stream = new NetworkStream(peer);
        using var reader = new StreamReader(stream);
        await using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\r\n" };
        await writer.WriteLineAsync("""{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}}, "capabilities": []}}""");
        foreach (string[] reply in replies)
        {
            string? line = await reader.ReadLineAsync();
            if (line is null)
            {
                break;
            }

            received.Add(line);
            foreach (string r in reply)
            {
                await writer.WriteLineAsync(r);
            }
        }

        return received;
    }

    private static Socket Listen(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        return listener;
    }

    [Fact]
    public async Task PowerdownNegotiatesCapabilitiesThenPressesThePowerButton()
    {
        using var dir = new TempDirectory();
        using Socket listener = Listen(dir.File("qmp.sock"));
        Task<List<string>> server = ServeAsync(listener,
            ["""{"return": {}}"""],
            ["""{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "POWERDOWN"}""", """{"return": {}}"""]);

        await QmpClient.ExecuteAsync(dir.File("qmp.sock"), "system_powerdown", TimeSpan.FromSeconds(30), default);

        Assert.Equal(["""{"execute":"qmp_capabilities"}""", """{"execute":"system_powerdown"}"""], await server);
    }

    [Fact]
    public async Task QueryStatusReturnsTheStatusQemuReports()
    {
        using var dir = new TempDirectory();
        using Socket listener = Listen(dir.File("qmp.sock"));
        Task<List<string>> server = ServeAsync(listener,
            ["""{"return": {}}"""],
            ["""{"return": {"status": "internal-error", "singlestep": false, "running": false}}"""]);

        string status = await QmpClient.QueryStatusAsync(dir.File("qmp.sock"), TimeSpan.FromSeconds(30), default);

        Assert.Equal("internal-error", status);
        Assert.Equal("""{"execute":"query-status"}""", (await server)[1]);
    }

    [Fact]
    public async Task ErrorReplyBecomesAMachineExceptionWithTheError()
    {
        using var dir = new TempDirectory();
        using Socket listener = Listen(dir.File("qmp.sock"));
        Task<List<string>> server = ServeAsync(listener,
            ["""{"return": {}}"""],
            ["""{"error": {"class": "GenericError", "desc": "no ACPI"}}"""]);

        MachineException e = await Assert.ThrowsAsync<MachineException>(
            () => QmpClient.ExecuteAsync(dir.File("qmp.sock"), "system_powerdown", TimeSpan.FromSeconds(30), default));

        Assert.Contains("no ACPI", e.Message);
        await server;
    }

    [Fact]
    public async Task SilentPeerTimesOutWithAMachineException()
    {
        using var dir = new TempDirectory();
        using Socket listener = Listen(dir.File("qmp.sock"));
        Task<Socket> accepted = listener.AcceptAsync();

        MachineException e = await Assert.ThrowsAsync<MachineException>(
            () => QmpClient.ExecuteAsync(dir.File("qmp.sock"), "system_powerdown", TimeSpan.FromSeconds(1), default));

        Assert.Contains("did not answer", e.Message);
        (await accepted).Dispose();
    }

    [Fact]
    public async Task MissingSocketIsAMachineException()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<MachineException>(
            () => QmpClient.ExecuteAsync(dir.File("none.sock"), "system_powerdown", TimeSpan.FromSeconds(5), default));
    }
}
