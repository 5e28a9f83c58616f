using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>podman's events: <see cref="PodmanClient.Events"/>.</summary>
/// <remarks>Thread-safe. Each stream has its own call; cancelling its enumeration ends it and closes its connection.</remarks>
public sealed class EventsClient
{
    private readonly PodmanInvoker _invoker;

    internal EventsClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>Reads events (<c>GetEvents</c>): as they happen until cancelled, or up to <see cref="EventFilter.Until"/>.</summary>
    /// <param name="filter">Which events; all from now on when null.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events, as they arrive.</returns>
    public IAsyncEnumerable<PodmanEvent> StreamAsync(EventFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new EventFilter();
        if (filter.Since is { } since && filter.Until is { } until && until < since)
        {
            throw new ArgumentException("Until is before Since.", nameof(filter));
        }

        List<string> filters = [.. filter.Filters];
        var sinceText = PodmanValues.Format(filter.Since);
        var untilText = PodmanValues.Format(filter.Until);
        return _invoker.StreamAsync<V.Event, PodmanEvent>("GetEvents", null, (p, t) => p.GetEventsAsync(filters, sinceText, untilText, t), ModelMapper.Event, cancellationToken);
    }
}
