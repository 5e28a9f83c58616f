using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using V = Podman.Client.Varlink;

namespace Podman.Client;

public sealed partial class ContainersClient
{
    /// <summary>Reads a container's log lines (<c>GetContainersLogs</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="parameters">Follow, tail, since; all lines so far when null.</param>
    /// <param name="cancellationToken">Ends the enumeration; with <see cref="ContainerLogsParameters.Follow"/> this is how a follow stops before the container exits (its connection is closed).</param>
    /// <returns>The lines, as they arrive.</returns>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public IAsyncEnumerable<ContainerLogLine> LogsAsync(string id, ContainerLogsParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        parameters ??= new ContainerLogsParameters();
        if (parameters.Tail is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Tail, "Tail must be 0 or more (null: all).");
        }

        var since = parameters.Since is { } s ? PodmanValues.Format(s) : "0001-01-01T00:00:00Z";
        long tail = parameters.Tail ?? -1;
        return _invoker.StreamAsync<V.LogLine, ContainerLogLine>(
            "GetContainersLogs", id, (p, t) => p.GetContainersLogsAsync([id], parameters.Follow, false, since, tail, parameters.Timestamps, t), ModelMapper.Log, cancellationToken);
    }

    /// <summary>Reads a container's log in batches of lines as podman 1.x's simple log call returned them (<c>GetContainerLogs</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The lines.</returns>
    public async IAsyncEnumerable<string> ReadLogTextAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var batches = _invoker.StreamAsync<IReadOnlyList<string>, IReadOnlyList<string>>("GetContainerLogs", id, (p, t) => p.GetContainerLogsAsync(id, t), b => b, cancellationToken);
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            foreach (var line in batch)
            {
                yield return line;
            }
        }
    }

    /// <summary>One sample of a container's resource use (<c>GetContainerStats</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="PodmanStateException">The container is not running.</exception>
    public async Task<ContainerStats> GetStatsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ModelMapper.Stats(await _invoker.CallAsync("GetContainerStats", id, (p, t) => p.GetContainerStatsAsync(id, t), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Samples a container's resource use every <paramref name="interval"/>, CPU percent computed against the
    /// previous sample (<c>GetContainerStats</c>, then <c>GetContainerStatsWithHistory</c>).
    /// </summary>
    /// <param name="id">Name or id.</param>
    /// <param name="interval">Time between samples (1 s when null).</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Samples until the container stops (the enumeration then ends) or the token fires.</returns>
    /// <exception cref="PodmanStateException">The container is not running when the first sample is taken.</exception>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async IAsyncEnumerable<ContainerStats> StatsAsync(string id, TimeSpan? interval = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var period = interval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero, nameof(interval));
        var previous = await _invoker.CallAsync("GetContainerStats", id, (p, t) => p.GetContainerStatsAsync(id, t), cancellationToken).ConfigureAwait(false);
        yield return ModelMapper.Stats(previous);
        using var timer = new PeriodicTimer(period);
        while (await WaitTick(timer, cancellationToken).ConfigureAwait(false))
        {
            var last = previous;
            V.ContainerStats? next = null;
            ExceptionDispatchInfo? failure = null;
            try
            {
                next = await _invoker.CallAsync("GetContainerStatsWithHistory", id, (p, t) => p.GetContainerStatsWithHistoryAsync(last, t), cancellationToken).ConfigureAwait(false);
            }
            catch (PodmanRemoteException e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            if (failure is not null)
            {
                // io.podman answers a sample of a stopped (or removed) container with an error: that is the end of the stream.
                if (!await IsRunningAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                failure.Throw();
            }

            previous = next!;
            yield return ModelMapper.Stats(previous);
        }
    }

    private async Task<bool> IsRunningAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetAsync(id, cancellationToken).ConfigureAwait(false)).IsRunning;
        }
        catch (ContainerNotFoundException)
        {
            return false;
        }
    }

    private static async ValueTask<bool> WaitTick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
