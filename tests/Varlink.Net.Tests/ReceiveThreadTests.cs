using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>Each socket connection's receive thread ends with the connection, on either side.</summary>
[Collection(ThreadCountingCollection.Name)]
public sealed class ReceiveThreadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ReceiveThreadsEndWithTheirConnections()
    {
        int before = await SettledCountAsync(int.MaxValue);
        using var socket = new TempSocket();
        var service = new TestService();
        var server = service.CreateServer();
        string address = server.Listen(socket.Address);
        var connections = new List<VarlinkConnection>();
        for (int i = 0; i < 20; i++)
        {
            var connection = await VarlinkConnection.ConnectAsync(address);
            connections.Add(connection);
            await connection.CallAsync("org.example.test.Hello", TestService.Json($$"""{"name":"{{i}}"}""")).WaitAsync(Timeout);
        }

        // One on the client side and one on the server side per connection.
        Assert.True(ReceiveThreads() >= before + 40, $"{ReceiveThreads()} receive threads with 20 connections open, {before} before");

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await server.DisposeAsync();
        Assert.Equal(before, await SettledCountAsync(before));
    }

    [Fact]
    public async Task ServerSideReceiveThreadEndsWhenTheServerStops()
    {
        int before = await SettledCountAsync(int.MaxValue);
        using var socket = new TempSocket();
        var server = new TestService().CreateServer();
        await using var connection = await VarlinkConnection.ConnectAsync(server.Listen(socket.Address));
        await connection.CallAsync("org.example.test.Hello", TestService.Json("""{"name":"x"}""")).WaitAsync(Timeout);
        await server.DisposeAsync();

        // The server closed the connection: the client's receive thread sees the end and stops too.
        await connection.Completion.WaitAsync(Timeout);
        Assert.Equal(before, await SettledCountAsync(before));
    }

    /// <summary>Threads named "varlink receive" in this process, from /proc (names are kept there).</summary>
    private static int ReceiveThreads() =>
        Directory.EnumerateDirectories("/proc/self/task").Count(task =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == "varlink receive";
            }
            catch (IOException)
            {
                return false; // The thread ended while we looked.
            }
        });

    /// <summary>Waits (bounded) until the count is at most <paramref name="target"/> and stops changing.</summary>
    private static async Task<int> SettledCountAsync(int target)
    {
        int count = ReceiveThreads();
        for (int i = 0; i < 100 && count > target; i++)
        {
            await Task.Delay(100);
            count = ReceiveThreads();
        }

        return count;
    }
}
