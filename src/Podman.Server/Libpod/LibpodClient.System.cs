using System.Net;

namespace Podman.Server.Libpod;

/// <summary>System, pods, images and volumes: the calls of GetVersion, GetInfo, Reset and of CreateContainer's pull.</summary>
internal sealed partial class LibpodClient
{
    /// <summary>GET /libpod/version.</summary>
    public Task<LibpodVersion> GetVersionAsync(CancellationToken cancellationToken = default)
        => GetAsync("version", LibpodJsonContext.Default.LibpodVersion, cancellationToken);

    /// <summary>GET /libpod/info.</summary>
    public Task<LibpodInfo> GetInfoAsync(CancellationToken cancellationToken = default)
        => GetAsync("info", LibpodJsonContext.Default.LibpodInfo, cancellationToken);

    /// <summary>GET /libpod/pods/json.</summary>
    public Task<List<LibpodPodListEntry>> ListPodsAsync(CancellationToken cancellationToken = default)
        => GetAsync("pods/json", LibpodJsonContext.Default.ListLibpodPodListEntry, cancellationToken);

    /// <summary>DELETE /libpod/pods/{name}?force=.</summary>
    public async Task RemovePodAsync(string name, bool force, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"pods/{LibpodQuery.Segment(name)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /libpod/pods/create; returns the pod's ID.</summary>
    public async Task<string> CreatePodAsync(PodSpecGenerator spec, CancellationToken cancellationToken = default)
    {
        var reply = await PostJsonAsync("pods/create", spec, LibpodJsonContext.Default.PodSpecGenerator, LibpodJsonContext.Default.LibpodIdResponse, cancellationToken).ConfigureAwait(false);
        return reply.Id;
    }

    /// <summary>GET /libpod/images/json?all=true.</summary>
    public Task<List<LibpodImageListEntry>> ListImagesAsync(CancellationToken cancellationToken = default)
        => GetAsync("images/json?all=true", LibpodJsonContext.Default.ListLibpodImageListEntry, cancellationToken);

    /// <summary>DELETE /libpod/images/{name}?force=.</summary>
    public async Task RemoveImageAsync(string name, bool force, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"images/{LibpodQuery.Segment(name)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /libpod/images/{name}/exists.</summary>
    public Task<bool> ImageExistsAsync(string name, CancellationToken cancellationToken = default)
        => ExistsAsync($"images/{LibpodQuery.Segment(name)}/exists", cancellationToken);

    /// <summary>GET /libpod/volumes/json.</summary>
    public Task<List<LibpodVolumeListEntry>> ListVolumesAsync(CancellationToken cancellationToken = default)
        => GetAsync("volumes/json", LibpodJsonContext.Default.ListLibpodVolumeListEntry, cancellationToken);

    /// <summary>DELETE /libpod/volumes/{name}?force=.</summary>
    public async Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"volumes/{LibpodQuery.Segment(name)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /libpod/system/prune?all=true&amp;volumes=true.</summary>
    public async Task PruneSystemAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "system/prune?all=true&volumes=true", null, false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, path, null, false, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (LibpodException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
