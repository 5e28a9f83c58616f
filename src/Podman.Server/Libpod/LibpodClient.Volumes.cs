using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>The volume endpoints (VolumeCreate, VolumeRemove, GetVolumes, InspectVolume, VolumesPrune).</summary>
internal sealed partial class LibpodClient
{
    /// <summary>POST /libpod/volumes/create → 201 with the new volume.</summary>
    public Task<LibpodVolume> CreateVolumeAsync(LibpodVolumeCreate create, CancellationToken cancellationToken = default)
        => PostJsonAsync("volumes/create", create, LibpodJsonContext.Default.LibpodVolumeCreate, LibpodJsonContext.Default.LibpodVolume, cancellationToken);

    /// <summary>GET /libpod/volumes/json: every volume, with what io.podman's Volume needs.</summary>
    public Task<List<LibpodVolume>> VolumesAsync(CancellationToken cancellationToken = default)
        => GetAsync("volumes/json", LibpodJsonContext.Default.ListLibpodVolume, cancellationToken);

    /// <summary>GET /libpod/volumes/{name}/json, as libpod's JSON text and the fields read from it.</summary>
    public async Task<(LibpodVolume Volume, byte[] Json)> InspectVolumeAsync(string name, CancellationToken cancellationToken = default)
    {
        var json = await GetBytesAsync($"volumes/{LibpodQuery.Segment(name)}/json", cancellationToken).ConfigureAwait(false);
        return (JsonSerializer.Deserialize(json, LibpodJsonContext.Default.LibpodVolume)!, json);
    }

    /// <summary>POST /libpod/volumes/prune: one report per volume it tried.</summary>
    public async Task<List<LibpodPruneReport>> PruneVolumesAsync(CancellationToken cancellationToken = default)
        => await PostListAsync("volumes/prune", LibpodJsonContext.Default.ListLibpodPruneReport, cancellationToken).ConfigureAwait(false);

    /// <summary>POSTs without a body and reads a JSON list (an empty body or <c>null</c> is an empty list).</summary>
    private async Task<List<T>> PostListAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, typeInfo) ?? [];
    }
}
