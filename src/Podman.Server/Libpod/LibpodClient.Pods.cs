using System.Net;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>The pod endpoints: list, inspect, the verbs, top, and the kube YAML generator.</summary>
internal sealed partial class LibpodClient
{
    /// <summary>GET /libpod/pods/json, with filters when given.</summary>
    public Task<List<LibpodPod>> PodsAsync(IReadOnlyDictionary<string, List<string>>? filters = null, CancellationToken cancellationToken = default)
        => GetAsync(new LibpodQuery("pods/json").AddFilters(filters).ToString(), LibpodJsonContext.Default.ListLibpodPod, cancellationToken);

    /// <summary>GET /libpod/pods/{name}/json.</summary>
    public Task<LibpodPodInspect> InspectPodAsync(string name, CancellationToken cancellationToken = default)
        => GetAsync($"pods/{LibpodQuery.Segment(name)}/json", LibpodJsonContext.Default.LibpodPodInspect, cancellationToken);

    /// <summary>
    /// POST /libpod/pods/{name}/{verb}{query} (start, stop, kill, pause, unpause, restart): the report of a
    /// 200, of a 304 (nothing to do: no report, <c>Id</c> empty) and of a 409 that lists the containers
    /// that failed in <c>Errs</c>; any other error status is a <see cref="LibpodException"/>.
    /// </summary>
    public async Task<(HttpStatusCode Status, LibpodPodActionReport Report)> PodActionAsync(string name, string verb, string? query = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"pods/{LibpodQuery.Segment(name)}/{verb}{query}");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            var report = body.Length == 0 ? new LibpodPodActionReport() : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodPodActionReport) ?? new LibpodPodActionReport();
            return (response.StatusCode, report);
        }

        if (response.StatusCode == HttpStatusCode.Conflict && TryReadErrs(body) is { } failed)
        {
            return (response.StatusCode, failed);
        }

        throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static LibpodPodActionReport? TryReadErrs(byte[] body)
    {
        try
        {
            var report = JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodPodActionReport);
            return report?.Errs is { Count: > 0 } ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>GET /libpod/pods/{name}/top?ps_args=.</summary>
    public async Task<LibpodTop> PodTopAsync(string name, string? psArgs, CancellationToken cancellationToken = default)
    {
        var body = await GetBytesAsync(new LibpodQuery($"pods/{LibpodQuery.Segment(name)}/top").Add("ps_args", psArgs).ToString(), cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? new LibpodTop() : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodTop) ?? new LibpodTop();
    }

    /// <summary>DELETE /libpod/pods/{name}?force=: the removed pod's ID.</summary>
    public async Task<string> DeletePodAsync(string name, bool force, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"pods/{LibpodQuery.Segment(name)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(response, LibpodJsonContext.Default.LibpodIdResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>GET /libpod/containers/stats?containers=…&amp;stream=false for several containers at once.</summary>
    public Task<LibpodStatsReport> StatsAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
        => GetAsync(new LibpodQuery("containers/stats").AddEach("containers", names).Add("stream", false).ToString(), LibpodJsonContext.Default.LibpodStatsReport, cancellationToken);

    /// <summary>GET /libpod/generate/kube?names=&amp;service=: podman's YAML (the Service document first, when asked).</summary>
    public async Task<string> GenerateKubeAsync(string name, bool service, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, new LibpodQuery("generate/kube").Add("names", name).Add("service", service).ToString(), null, false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
