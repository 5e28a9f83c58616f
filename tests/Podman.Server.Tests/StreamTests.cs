using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>
/// The streamed methods follow their client: each item goes out as libpod sends it (nothing held
/// back), and when the client leaves, the REST stream behind it is closed at once.
/// </summary>
public sealed class StreamTests : IAsyncLifetime
{
    private static readonly string[] EventLines = Recorded.Text("events.ndjson").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private readonly TaskCompletionSource _restClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _secondAllowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ServiceHarness _service = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceHarness.StartAsync();

        // libpod's event stream: one recorded event, then a second only when the test allows it, then
        // nothing until the request is aborted.
        _service.Libpod.On("GET", "events", async context =>
        {
            using var registration = context.RequestAborted.Register(() => _restClosed.TrySetResult());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(EventLines[1] + "\n");
            await context.Response.Body.FlushAsync();
            await _secondAllowed.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { });
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.WriteAsync(EventLines[2] + "\n");
                await context.Response.Body.FlushAsync();
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task GetEventsSendsEachEventAsItComesAndClosesTheRestStreamWhenTheClientLeaves()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connection = await _service.ConnectAsync();
        await using (connection)
        {
            await using var events = connection.CallMoreAsync("io.podman.GetEvents", ServiceHarness.Json("""{"filter":[],"since":"","until":""}"""), timeout.Token).GetAsyncEnumerator(timeout.Token);

            // The first event arrives while libpod has not sent the second (no look-ahead).
            Assert.True(await events.MoveNextAsync());
            using var first = JsonDocument.Parse(EventLines[1]);
            Assert.Equal(first.RootElement.GetProperty("Actor").GetProperty("ID").GetString(), events.Current.GetProperty("events").GetProperty("id").GetString());
            _secondAllowed.TrySetResult();
            Assert.True(await events.MoveNextAsync());
            Assert.False(_restClosed.Task.IsCompleted);
        }

        // The client has gone: the service must close its REST stream (generous bound: 10 s, goal 1 s).
        var clock = Stopwatch.StartNew();
        await _restClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the REST stream was closed {clock.Elapsed} after the client left");
    }

    [Fact]
    public async Task FollowedLogsCloseTheRestStreamWhenTheClientLeaves()
    {
        var id = "686c111eebe96695527924274dd33f633370dd0a74b64ea7794f038dcd591018";
        _service.Libpod.ReplyFile("GET", "containers/rec-running/json", "inspect-running.json");
        var logsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _service.Libpod.On("GET", $"containers/{id}/logs", async context =>
        {
            using var registration = context.RequestAborted.Register(() => logsClosed.TrySetResult());
            var payload = Encoding.UTF8.GetBytes("2026-12-01T21:10:14Z out\n");
            await context.Response.Body.WriteAsync(new byte[] { 1, 0, 0, 0, 0, 0, 0, (byte)payload.Length });
            await context.Response.Body.WriteAsync(payload);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connection = await _service.ConnectAsync();
        await using (connection)
        {
            await using var lines = connection.CallMoreAsync("io.podman.GetContainerLogs", ServiceHarness.Json("""{"name":"rec-running"}"""), timeout.Token).GetAsyncEnumerator(timeout.Token);
            Assert.True(await lines.MoveNextAsync());
            Assert.Equal("2026-12-01T21:10:14Z stdout F out", lines.Current.GetProperty("container")[0].GetString());
            Assert.Contains("follow=true", _service.Libpod.Requests.Single(r => r.Contains("/logs", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        await logsClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
