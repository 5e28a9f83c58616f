using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Podman.Server.Libpod;

/// <summary>The container endpoints.</summary>
internal sealed partial class LibpodClient
{
    /// <summary>GET /libpod/containers/json with every container (<c>all</c>), namespaces, and sizes when asked.</summary>
    public Task<List<LibpodContainerListEntry>> ListContainersAsync(bool all = true, bool size = false, IReadOnlyDictionary<string, List<string>>? filters = null, int? limit = null, bool sync = false, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery("containers/json").Add("all", all).Add("namespace", true);
        if (size)
        {
            query.Add("size", true);
        }

        if (sync)
        {
            query.Add("sync", true);
        }

        if (limit is { } n)
        {
            query.Add("limit", n);
        }

        return GetAsync(query.AddFilters(filters).ToString(), LibpodJsonContext.Default.ListLibpodContainerListEntry, cancellationToken);
    }

    /// <summary>GET /libpod/containers/{name}/json, as libpod's JSON text (reshaped for inspect) and the fields read from it.</summary>
    public async Task<(LibpodContainerInspect Inspect, byte[] Json)> InspectContainerAsync(string name, bool size = false, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery($"containers/{LibpodQuery.Segment(name)}/json");
        if (size)
        {
            query.Add("size", true);
        }

        var json = await GetBytesAsync(query.ToString(), cancellationToken).ConfigureAwait(false);
        return (JsonSerializer.Deserialize(json, LibpodJsonContext.Default.LibpodContainerInspect)!, json);
    }

    /// <summary>GET /libpod/containers/{name}/exists.</summary>
    public Task<bool> ContainerExistsAsync(string name, CancellationToken cancellationToken = default)
        => ExistsAsync($"containers/{LibpodQuery.Segment(name)}/exists", cancellationToken);

    /// <summary>POST /libpod/containers/create; returns the new container's ID.</summary>
    public Task<LibpodCreateResponse> CreateContainerAsync(SpecGenerator spec, CancellationToken cancellationToken = default)
        => PostJsonAsync("containers/create", spec, LibpodJsonContext.Default.SpecGenerator, LibpodJsonContext.Default.LibpodCreateResponse, cancellationToken);

    /// <summary>
    /// POST /libpod/containers/{name}/{verb} (start, stop, init, restart, kill, pause, unpause) with an
    /// optional query; returns 204 (done) or 304 (already in that state).
    /// </summary>
    public Task<HttpStatusCode> ContainerActionAsync(string name, string verb, string? query = null, CancellationToken cancellationToken = default)
        => PostAsync($"containers/{LibpodQuery.Segment(name)}/{verb}{query}", cancellationToken);

    /// <summary>How many times a wait that lost podman 4.3's exit race is asked (the first included).</summary>
    internal const int WaitAttempts = 5;

    /// <summary>
    /// POST /libpod/containers/{name}/wait: blocks until the container stops; returns its exit code.
    /// </summary>
    /// <remarks>
    /// Podman 4.3 reads <c>/proc/PID/cgroup</c> of the container's process while it waits, and when the
    /// process exits between the open and the read the kernel answers ESRCH: libpod then fails the wait
    /// with 500 "read /proc/PID/cgroup: no such process" (or ENOENT on the open) although the container
    /// simply stopped (podman issues 16383 and 12457, fixed in 4.4). The container has exited by then, so
    /// asking again answers its exit code; the wait is asked again a bounded number of times.
    /// </remarks>
    public async Task<int> WaitContainerAsync(string name, long intervalNanoseconds, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery($"containers/{LibpodQuery.Segment(name)}/wait");
        if (intervalNanoseconds > 0)
        {
            query.Add("interval", intervalNanoseconds.ToString(CultureInfo.InvariantCulture) + "ns");
        }

        var path = query.ToString();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await SendAsync(HttpMethod.Post, path, null, true, cancellationToken).ConfigureAwait(false);
                var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                    ? code
                    : throw new LibpodException(response.StatusCode, "", $"libpod's wait reply is not an exit code: \"{text}\"");
            }
            catch (LibpodException e) when (attempt < WaitAttempts && IsExitRace(e))
            {
            }
        }
    }

    /// <summary>Whether libpod's error is the exit race of its cgroup read (see <see cref="WaitContainerAsync"/>).</summary>
    internal static bool IsExitRace(LibpodException e)
        => e.Status == HttpStatusCode.InternalServerError && ExitRace().IsMatch(e.Message);

    [GeneratedRegex(@"^(read|open) /proc/[0-9]+/cgroup: (no such process|no such file or directory)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExitRace();

    /// <summary>DELETE /libpod/containers/{name}?force=&amp;v=.</summary>
    public async Task<List<LibpodRemoveReport>> RemoveContainerAsync(string name, bool force, bool volumes, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"containers/{LibpodQuery.Segment(name)}").Add("force", force).Add("v", volumes).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.ListLibpodRemoveReport) ?? [];
    }

    /// <summary>GET /libpod/containers/{name}/top?ps_args=.</summary>
    public async Task<LibpodTop> TopAsync(string name, string? psArgs, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"containers/{LibpodQuery.Segment(name)}/top").Add("ps_args", psArgs).ToString();
        using var response = await SendAsync(HttpMethod.Get, path, null, false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        // On a container that is not running, 4.3.1 answers 200 with an empty body.
        return body.Length == 0 ? new LibpodTop() : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodTop) ?? new LibpodTop();
    }

    /// <summary>GET /libpod/containers/{name}/changes.</summary>
    public async Task<List<LibpodChange>> ChangesAsync(string name, CancellationToken cancellationToken = default)
    {
        var body = await GetBytesAsync($"containers/{LibpodQuery.Segment(name)}/changes", cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.ListLibpodChange) ?? [];
    }

    /// <summary>GET /libpod/images/{name}/changes.</summary>
    public async Task<List<LibpodChange>> ImageChangesAsync(string name, CancellationToken cancellationToken = default)
    {
        var body = await GetBytesAsync($"images/{LibpodQuery.Segment(name)}/changes", cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.ListLibpodChange) ?? [];
    }

    /// <summary>GET /libpod/containers/showmounted: container ID → mount point.</summary>
    public async Task<Dictionary<string, string>> ShowMountedAsync(CancellationToken cancellationToken = default)
    {
        var body = await GetBytesAsync("containers/showmounted", cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.DictionaryStringString) ?? [];
    }

    /// <summary>POST /libpod/containers/{name}/mount: returns the mount point.</summary>
    public async Task<string> MountAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{LibpodQuery.Segment(name)}/mount", null, false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        // The path comes as a JSON string.
        return body.Length > 0 && body[0] == (byte)'"'
            ? JsonSerializer.Deserialize(body, LibpodJsonContext.Default.String) ?? ""
            : Encoding.UTF8.GetString(body).Trim();
    }

    /// <summary>GET /libpod/containers/stats?containers={name}&amp;stream=false.</summary>
    public Task<LibpodStatsReport> StatsAsync(string name, CancellationToken cancellationToken = default)
        => GetAsync(new LibpodQuery("containers/stats").Add("containers", name).Add("stream", false).ToString(), LibpodJsonContext.Default.LibpodStatsReport, cancellationToken);

    /// <summary>GET /libpod/containers/{name}/healthcheck: runs the container's healthcheck.</summary>
    public Task<LibpodHealthCheck> HealthCheckAsync(string name, CancellationToken cancellationToken = default)
        => GetAsync($"containers/{LibpodQuery.Segment(name)}/healthcheck", LibpodJsonContext.Default.LibpodHealthCheck, cancellationToken);

    /// <summary>GET /libpod/containers/{name}/export, streamed into <paramref name="destination"/>.</summary>
    public async Task ExportAsync(string name, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"containers/{LibpodQuery.Segment(name)}/export", null, true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }
}
