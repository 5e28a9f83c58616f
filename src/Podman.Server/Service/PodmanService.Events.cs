using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// GetEvents: libpod's event stream as 1.9 Events, one reply each, following while the client stays.
/// Events 1.9 cannot parse (4.3-only types and statuses) are dropped: podman-remote's <c>events</c>
/// aborts on an unknown one.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The event types podman 1.9 knew.</summary>
    private static readonly HashSet<string> V1EventTypes = new(StringComparer.Ordinal) { "container", "image", "pod", "system", "volume" };

    /// <summary>The event statuses podman 1.9 knew.</summary>
    private static readonly HashSet<string> V1EventStatuses = new(StringComparer.Ordinal)
    {
        "attach", "checkpoint", "cleanup", "commit", "create", "exec", "died", "export", "history", "import", "init",
        "kill", "loadfromarchive", "mount", "pause", "prune", "pull", "push", "refresh", "remove", "renumber",
        "restart", "restore", "save", "start", "stop", "sync", "tag", "unmount", "unpause", "untag",
    };

    /// <summary>
    /// With <c>more</c>: every event as it happens, each its own reply, until the client goes away (its
    /// token fires and the REST stream is closed with it); if podman's stream ends, a last empty Event,
    /// which podman-remote takes as the end. Without <c>more</c>: the first logged event only, as 1.9
    /// (an empty one when there is none, where 1.9 left the client hanging).
    /// </summary>
    protected override async ValueTask GetEventsAsync(IReadOnlyList<string> filter, string since, string until, VarlinkReplyWriter<Event> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var filters = EventFilters(filter);
            await foreach (var item in _libpod.EventsAsync(replies.WantsMore, filters, Blank(since), Blank(until), cancellationToken).ConfigureAwait(false))
            {
                if (ToEvent(item) is { } converted && !await replies.WriteAsync(converted, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            await replies.WriteAsync(new Event { Id = "", Image = "", Name = "", Status = "", Time = "", Type = "" }, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone: the REST stream is already closed; nothing is left to answer.
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A libpod event as 1.9's, or null when 1.9 did not know its type or status.</summary>
    internal static Event? ToEvent(LibpodEvent e)
    {
        var status = e.Status.Length > 0 ? e.Status : e.Action;
        if (!V1EventTypes.Contains(e.Type) || !V1EventStatuses.Contains(status))
        {
            return null;
        }

        var attributes = e.Actor.Attributes;
        string Attribute(string key) => attributes is not null && attributes.TryGetValue(key, out var value) ? value : "";
        var image = Attribute("image");
        return new Event
        {
            Id = e.Actor.Id.Length > 0 ? e.Actor.Id : e.Id,
            Image = image.Length > 0 ? image : e.From,
            Name = Attribute("name"),
            Status = status,
            Time = e.TimeNano != 0 ? GoTime.FormatNano(e.TimeNano) : GoTime.FormatNano(e.Time * 1_000_000_000),
            Type = e.Type,
        };
    }

    /// <summary>1.9's <c>key=value</c> event filters → libpod's map.</summary>
    private static Dictionary<string, List<string>>? EventFilters(IReadOnlyList<string>? filter)
    {
        if (filter is null || filter.Count == 0)
        {
            return null;
        }

        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in filter)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ErrorOccurredException($"invalid filter \"{entry}\": filters are key=value");
            }

            var key = entry[..eq];
            if (!map.TryGetValue(key, out var values))
            {
                map[key] = values = [];
            }

            values.Add(entry[(eq + 1)..]);
        }

        return map;
    }
}
