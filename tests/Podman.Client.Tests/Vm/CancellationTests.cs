using System.Diagnostics;
using System.Diagnostics.Metrics;
using Varlink;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// Cancellation through the whole chain: varlink has no cancel message, so a cancelled call or stream must close its
/// connection — seen from the VM, its <c>varlink bridge</c> process ends — and the client must go on working.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class CancellationTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task CancelledLogFollowEndsItsEnumerationAndItsBridge()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var client = appliance.Client;
        var id = await client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = appliance.NewName("follow"), Command = ["sh", "-c", "echo ready; sleep 600"] }, timeout.Token);
        await client.Containers.StartAsync(id, timeout.Token);
        var before = await appliance.BridgePidsAsync();

        // Two follows at once, each on a connection of its own (a bridge each in the VM), cancelled after their first line.
        var follows = Enumerable.Range(0, 2).Select(_ => new CancellationTokenSource()).ToList();
        var firstLines = follows.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var readers = follows.Select((follow, i) => Task.Run(async () =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(follow.Token, timeout.Token);
            await foreach (var line in client.Containers.LogsAsync(id, new ContainerLogsParameters { Follow = true }, linked.Token))
            {
                Assert.Equal("ready", line.Message);
                firstLines[i].TrySetResult();
            }
        })).ToList();
        await Task.WhenAll(firstLines.Select(t => t.Task)).WaitAsync(timeout.Token);
        var during = await appliance.BridgePidsAsync();
        var followBridges = during.Except(before).ToList();
        Assert.Equal(2, followBridges.Count);

        foreach (var follow in follows)
        {
            await follow.CancelAsync();
        }

        foreach (var reader in readers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.WaitAsync(timeout.Token));
        }

        await appliance.WaitUntilBridgesEndAsync(followBridges);
        Assert.Equal(ContainerState.Running, (await client.Containers.GetAsync(id, timeout.Token)).State);
        await client.Containers.RemoveAsync(id, force: true, cancellationToken: timeout.Token);
        follows.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task CancelledCallInFlightThrowsOperationCanceledClosesItsConnectionAndIsNotRetried()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var id = await appliance.Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = appliance.NewName("wait"), Command = ["sleep", "600"] }, timeout.Token);
        await appliance.Client.Containers.StartAsync(id, timeout.Token);

        // A client of its own, so that its one shared connection (one bridge in the VM) carries only this test's calls.
        var before = await appliance.BridgePidsAsync();
        await using var client = await appliance.Machine.CreateClientAsync(cancellationToken: timeout.Token);
        var shared = Assert.Single((await appliance.BridgePidsAsync()).Except(before));

        // The gate: WaitContainer's call started and its bytes went out (the Varlink.Net activity and byte counter).
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waitCalls = 0;
        var waitStarted = 0;
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VarlinkTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "io.podman.WaitContainer")
                {
                    Interlocked.Increment(ref waitCalls);
                    Volatile.Write(ref waitStarted, 1);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VarlinkTelemetry.MeterName && instrument.Name == VarlinkTelemetry.BytesSentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            if (Volatile.Read(ref waitStarted) == 1)
            {
                sent.TrySetResult();
            }
        });
        meters.Start();

        using var cancel = new CancellationTokenSource();
        var wait = client.Containers.WaitAsync(id, cancellationToken: cancel.Token);
        await sent.Task.WaitAsync(timeout.Token);
        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(timeout.Token));
        Assert.Equal(cancel.Token, error.CancellationToken);
        await appliance.WaitUntilBridgesEndAsync([shared]);
        Assert.Equal(1, waitCalls);   // WaitContainer is read-only (retried on a lost connection), but a cancelled call is never sent again

        // The client goes on, on a new connection; the container never noticed.
        Assert.Equal(ContainerState.Running, (await client.Containers.GetAsync(id, timeout.Token)).State);
        await client.Containers.KillAsync(id, cancellationToken: timeout.Token);
        Assert.Equal(137, await client.Containers.WaitAsync(id, cancellationToken: timeout.Token));
        Assert.Equal(1 + 1, waitCalls);
        await client.Containers.RemoveAsync(id, cancellationToken: timeout.Token);
    }
}
