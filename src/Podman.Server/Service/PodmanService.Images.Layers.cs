using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// GetLayersMapWithImageInfo and BuildImageHierarchyMap, 1.9's developer views of the layer store:
/// podman 4.3's REST API has no layer endpoint, so the service reads containers/storage's files at the
/// graph root podman's info names (<see cref="StorageLayers"/>).
/// </summary>
internal sealed partial class PodmanService
{
    protected override async ValueTask<string> GetLayersMapWithImageInfoAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadLayersAsync(cancellationToken).ConfigureAwait(false)).ToJson();
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>The image's ID, names and layers from the base up; a missing image is ErrorOccurred, as in 1.9.</summary>
    protected override async ValueTask<string> BuildImageHierarchyMapAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrErrorAsync(name, cancellationToken).ConfigureAwait(false);
            var layers = await ReadLayersAsync(cancellationToken).ConfigureAwait(false);
            return layers.HierarchyJson(inspect.Id, inspect.RepoTags is { Count: > 0 } tags ? tags : null, TopLayer(inspect.GraphDriver));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private async Task<(Libpod.LibpodImageInspect Inspect, byte[] Json)> InspectImageOrErrorAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageNotFoundException e)
        {
            throw new ErrorOccurredException(e.Reason);
        }
    }

    private async Task<StorageLayers> ReadLayersAsync(CancellationToken cancellationToken)
    {
        var store = (await _libpod.GetInfoAsync(cancellationToken).ConfigureAwait(false)).Store;
        return StorageLayers.Read(store.GraphRoot, store.GraphDriverName.Length > 0 ? store.GraphDriverName : "overlay");
    }
}
