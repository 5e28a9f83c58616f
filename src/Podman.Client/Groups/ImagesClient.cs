using System.Runtime.CompilerServices;
using System.Text.Json;
using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>Images: <see cref="PodmanClient.Images"/>.</summary>
/// <remarks>Thread-safe. Paths (build contexts, archives) are on podman's host.</remarks>
public sealed partial class ImagesClient
{
    private readonly PodmanInvoker _invoker;

    internal ImagesClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>Lists images (<c>ListImages</c>, or <c>ListImagesWithFilters</c> with filters).</summary>
    /// <param name="filters">podman's filters (<c>reference=busybox</c>, <c>dangling=true</c>); all images when empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The images.</returns>
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(IEnumerable<string>? filters = null, CancellationToken cancellationToken = default)
    {
        List<string> list = [.. filters ?? []];
        var images = list.Count == 0
            ? await _invoker.CallAsync("ListImages", null, static (p, t) => p.ListImagesAsync(t), cancellationToken).ConfigureAwait(false)
            : await _invoker.CallAsync("ListImagesWithFilters", null, (p, t) => p.ListImagesWithFiltersAsync(list, t), cancellationToken).ConfigureAwait(false);
        return [.. images.Select(ModelMapper.Image)];
    }

    /// <summary>Gets one image (<c>GetImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ImageNotFoundException">No such image.</exception>
    public async Task<ImageSummary> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ModelMapper.Image(await _invoker.CallAsync("GetImage", id, (p, t) => p.GetImageAsync(id, t), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Whether an image exists (<c>ImageExists</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when it exists.</returns>
    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await _invoker.CallAsync("ImageExists", id, (p, t) => p.ImageExistsAsync(id, t), cancellationToken).ConfigureAwait(false) == 0;
    }

    /// <summary>podman's full inspect document (<c>InspectImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public async Task<JsonElement> InspectAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return JsonText.Parse(await _invoker.CallAsync("InspectImage", id, (p, t) => p.InspectImageAsync(id, t), cancellationToken).ConfigureAwait(false), "InspectImage");
    }

    /// <summary>An image's layers (<c>HistoryImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Newest layer first.</returns>
    public async Task<IReadOnlyList<ImageHistoryEntry>> GetHistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return [.. (await _invoker.CallAsync("HistoryImage", id, (p, t) => p.HistoryImageAsync(id, t), cancellationToken).ConfigureAwait(false)).Select(ModelMapper.History)];
    }

    /// <summary>An image's tree of layers and names, as text (<c>ImageTree</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="whatRequires">Show the images that depend on it instead.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tree.</returns>
    public Task<string> GetTreeAsync(string id, bool whatRequires = false, CancellationToken cancellationToken = default) =>
        Text("ImageTree", id, (p, t) => p.ImageTreeAsync(id, whatRequires, t), cancellationToken);

    /// <summary>An image's parent and children (<c>BuildImageHierarchyMap</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public async Task<JsonElement> GetHierarchyAsync(string id, CancellationToken cancellationToken = default) =>
        JsonText.Parse(await Text("BuildImageHierarchyMap", id, (p, t) => p.BuildImageHierarchyMapAsync(id, t), cancellationToken).ConfigureAwait(false), "BuildImageHierarchyMap");

    /// <summary>Every layer with the images that use it (<c>GetLayersMapWithImageInfo</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public async Task<JsonElement> GetLayersMapAsync(CancellationToken cancellationToken = default) =>
        JsonText.Parse(await _invoker.CallAsync("GetLayersMapWithImageInfo", null, static (p, t) => p.GetLayersMapWithImageInfoAsync(t), cancellationToken).ConfigureAwait(false), "GetLayersMapWithImageInfo");

    /// <summary>Pulls an image (<c>PullImage</c>).</summary>
    /// <param name="reference">What to pull (<c>docker.io/library/busybox:latest</c>, <c>localhost:5000/app</c>).</param>
    /// <param name="credentials">A registry login; none when null.</param>
    /// <param name="cancellationToken">Ends the enumeration (closing its connection; the pull may still finish in podman).</param>
    /// <returns>Progress; the last report has the image id.</returns>
    public IAsyncEnumerable<ImageProgress> PullAsync(string reference, RegistryCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var auth = new V.AuthConfig { Username = credentials?.UserName ?? "", Password = credentials?.Password ?? "" };
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>("PullImage", reference, (p, t) => p.PullImageAsync(reference, auth, t), ModelMapper.Progress, cancellationToken);
    }

    /// <summary>Pushes an image (<c>PushImage</c>).</summary>
    /// <param name="id">The local image.</param>
    /// <param name="parameters">Destination and format; the image's own name when null.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Progress.</returns>
    public IAsyncEnumerable<ImageProgress> PushAsync(string id, ImagePushParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        parameters ??= new ImagePushParameters();
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>(
            "PushImage", id,
            (p, t) => p.PushImageAsync(id, parameters.Destination ?? "", parameters.Compress, parameters.Format ?? "", parameters.RemoveSignatures, parameters.SignBy ?? "", t),
            ModelMapper.Progress, cancellationToken);
    }

    /// <summary>
    /// Builds an image from a context tar already on podman's host (<c>BuildImage</c>): <see cref="ImageBuildParameters.ContextDirectory"/>
    /// is what <see cref="SystemClient.SendFileAsync"/> returned; io.podman deletes it after the build.
    /// </summary>
    /// <param name="parameters">The build.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Progress; the last report has the image id.</returns>
    /// <exception cref="ArgumentException"><see cref="ImageBuildParameters.ContextDirectory"/> is not set.</exception>
    public IAsyncEnumerable<ImageProgress> BuildAsync(ImageBuildParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.ContextDirectory, nameof(parameters) + "." + nameof(parameters.ContextDirectory));
        var build = BuildInfoMapper.Map(parameters);
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>("BuildImage", parameters.Tags.FirstOrDefault(), (p, t) => p.BuildImageAsync(build, t), ModelMapper.Progress, cancellationToken);
    }

    /// <summary>
    /// Builds an image from a context tar of this side (<c>SendFile</c>, then <c>BuildImage</c>): a tar of the context
    /// directory, with the Containerfile in it (<see cref="System.Formats.Tar.TarFile.CreateFromDirectoryAsync(string, Stream, bool, CancellationToken)"/> makes one).
    /// </summary>
    /// <param name="context">The context tar, read from its position to its end (a stream that cannot seek is copied to a temporary file first).</param>
    /// <param name="parameters">The build, without <see cref="ImageBuildParameters.ContextDirectory"/>; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the transfer or ends the enumeration.</param>
    /// <returns>Progress; the last report has the image id.</returns>
    /// <exception cref="ArgumentException"><see cref="ImageBuildParameters.ContextDirectory"/> is set: the sent tar is the context.</exception>
    public IAsyncEnumerable<ImageProgress> BuildAsync(Stream context, ImageBuildParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        parameters ??= new ImageBuildParameters();
        if (parameters.ContextDirectory is not null)
        {
            throw new ArgumentException("Leave ContextDirectory unset: the context is the tar this call sends.", nameof(parameters) + "." + nameof(parameters.ContextDirectory));
        }

        return BuildSentAsync(context, parameters, cancellationToken);
    }

    /// <summary>Adds a name to an image (<c>TagImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="newName">The new name (<c>localhost:5000/app:1</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image id.</returns>
    public Task<string> TagAsync(string id, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        return Text("TagImage", id, (p, t) => p.TagImageAsync(id, newName, t), cancellationToken);
    }

    /// <summary>Removes a name from an image (<c>UntagImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="name">The name to remove.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image id.</returns>
    public Task<string> UntagAsync(string id, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Text("UntagImage", id, (p, t) => p.UntagImageAsync(id, name, t), cancellationToken);
    }

    /// <summary>
    /// Removes an image (<c>RemoveImageWithResponse</c>; on a service without it, <c>RemoveImage</c>, whose answer
    /// has only the id).
    /// </summary>
    /// <param name="id">Name or id.</param>
    /// <param name="force">Remove it even when containers use it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was untagged and deleted.</returns>
    /// <exception cref="ImageNotFoundException">No such image.</exception>
    public async Task<ImageRemoveResult> RemoveAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            var r = await _invoker.CallAsync("RemoveImageWithResponse", id, (p, t) => p.RemoveImageWithResponseAsync(id, force, t), cancellationToken).ConfigureAwait(false);
            return new ImageRemoveResult(PodmanValues.List(r.Untagged), r.Deleted);
        }
        catch (PodmanNotImplementedException)
        {
            var deleted = await _invoker.CallAsync("RemoveImage", id, (p, t) => p.RemoveImageAsync(id, force, t), cancellationToken).ConfigureAwait(false);
            return new ImageRemoveResult([], deleted);
        }
    }

    /// <summary>Searches registries (<c>SearchImages</c>).</summary>
    /// <param name="query">What to search for.</param>
    /// <param name="limit">At most this many results per registry (podman's default when null).</param>
    /// <param name="officialOnly">Only official images.</param>
    /// <param name="automatedOnly">Only automated builds.</param>
    /// <param name="minimumStars">Only images with at least this many stars.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The hits.</returns>
    public async Task<IReadOnlyList<ImageSearchResult>> SearchAsync(string query, int? limit = null, bool officialOnly = false, bool automatedOnly = false, int minimumStars = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var filter = new V.ImageSearchFilter { IsOfficial = officialOnly ? true : null, IsAutomated = automatedOnly ? true : null, StarCount = minimumStars };
        var hits = await _invoker.CallAsync("SearchImages", null, (p, t) => p.SearchImagesAsync(query, limit, filter, t), cancellationToken).ConfigureAwait(false);
        return [.. hits.Select(h => new ImageSearchResult(h.Name, h.Description, h.Registry, h.StarCount, h.IsOfficial, h.IsAutomated))];
    }

    /// <summary>Removes images no container uses and that have no name (<c>DeleteUnusedImages</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The removed ids.</returns>
    public Task<IReadOnlyList<string>> RemoveUnusedAsync(CancellationToken cancellationToken = default) =>
        _invoker.CallAsync("DeleteUnusedImages", null, static (p, t) => p.DeleteUnusedImagesAsync(t), cancellationToken);

    /// <summary>Removes dangling images, or all unused ones (<c>ImagesPrune</c>).</summary>
    /// <param name="all">All unused images, not only dangling ones.</param>
    /// <param name="filters">podman's prune filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The removed ids.</returns>
    public Task<IReadOnlyList<string>> PruneAsync(bool all = false, IEnumerable<string>? filters = null, CancellationToken cancellationToken = default)
    {
        List<string> list = [.. filters ?? []];
        return _invoker.CallAsync("ImagesPrune", null, (p, t) => p.ImagesPruneAsync(all, list, t), cancellationToken);
    }

    /// <summary>Makes an image from a tarball on podman's host or a URL (<c>ImportImage</c>).</summary>
    /// <param name="source">The tarball's path or URL.</param>
    /// <param name="reference">The new image's name.</param>
    /// <param name="message">A commit message.</param>
    /// <param name="changes">Containerfile instructions to apply.</param>
    /// <param name="deleteSource">Delete the tarball afterwards.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image id.</returns>
    public Task<string> ImportAsync(string source, string reference, string? message = null, IEnumerable<string>? changes = null, bool deleteSource = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        List<string> list = [.. changes ?? []];
        return _invoker.CallAsync("ImportImage", reference, (p, t) => p.ImportImageAsync(source, reference, message ?? "", list, deleteSource, t), cancellationToken);
    }

    /// <summary>Makes an image from a root filesystem tar of this side (<c>SendFile</c>, then <c>ImportImage</c>, which deletes the sent file).</summary>
    /// <param name="rootfs">The tarball, read from its position to its end (a stream that cannot seek is copied to a temporary file first).</param>
    /// <param name="reference">The new image's name.</param>
    /// <param name="message">A commit message.</param>
    /// <param name="changes">Containerfile instructions to apply (<c>CMD=/bin/sh</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The image id.</returns>
    public async Task<string> ImportAsync(Stream rootfs, string reference, string? message = null, IEnumerable<string>? changes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var source = await FileTransfer.SendAsync(_invoker, rootfs, cancellationToken).ConfigureAwait(false);
        return await ImportAsync(source, reference, message, changes, deleteSource: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an image to a destination such as <c>docker-archive:/tmp/i.tar</c> on podman's host (<c>ExportImage</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="destination">Transport and path.</param>
    /// <param name="compress">Compress.</param>
    /// <param name="tags">More names to include.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What podman answered (the destination).</returns>
    public Task<string> ExportAsync(string id, string destination, bool compress = false, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        List<string> list = [.. tags ?? []];
        return Text("ExportImage", id, (p, t) => p.ExportImageAsync(id, destination, compress, list, t), cancellationToken);
    }

    /// <summary>Saves an image to an archive on podman's host (<c>ImageSave</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="parameters">Where and how.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Progress.</returns>
    public IAsyncEnumerable<ImageProgress> SaveAsync(string id, ImageSaveParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Output, nameof(parameters) + "." + nameof(parameters.Output));
        var options = new V.ImageSaveOptions
        {
            Name = id, Format = parameters.Format, Output = parameters.Output, OutputType = parameters.Format,
            MoreTags = [.. parameters.MoreTags], Quiet = parameters.Quiet, Compress = parameters.Compress,
        };
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>("ImageSave", id, (p, t) => p.ImageSaveAsync(options, t), ModelMapper.Progress, cancellationToken);
    }

    /// <summary>Loads images from an archive on podman's host (<c>LoadImage</c>).</summary>
    /// <param name="inputFile">The archive.</param>
    /// <param name="name">A name for the loaded image (the archive's when null).</param>
    /// <param name="quiet">Print less.</param>
    /// <param name="deleteFile">Delete the archive afterwards.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Progress; the last report names the loaded images.</returns>
    public IAsyncEnumerable<ImageProgress> LoadAsync(string inputFile, string? name = null, bool quiet = false, bool deleteFile = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputFile);
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>("LoadImage", name, (p, t) => p.LoadImageAsync(name ?? "", inputFile, quiet, deleteFile, t), ModelMapper.Progress, cancellationToken);
    }

    /// <summary>Loads images from an archive of this side (<c>SendFile</c>, then <c>LoadImage</c>, which deletes the sent file).</summary>
    /// <param name="archive">A docker-archive or oci-archive tar, read from its position to its end (a stream that cannot seek is copied to a temporary file first).</param>
    /// <param name="name">A name for the loaded image (the archive's when null).</param>
    /// <param name="quiet">Print less.</param>
    /// <param name="cancellationToken">Cancels the transfer or ends the enumeration.</param>
    /// <returns>Progress; the last report names the loaded images.</returns>
    public IAsyncEnumerable<ImageProgress> LoadAsync(Stream archive, string? name = null, bool quiet = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return LoadSentAsync(archive, name, quiet, cancellationToken);
    }

    /// <summary>Runs the command an image's label names (<c>ContainerRunlabel</c>).</summary>
    /// <param name="image">The image.</param>
    /// <param name="label">The label (<c>INSTALL</c>, <c>RUN</c>).</param>
    /// <param name="parameters">Options; none when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the command has run.</returns>
    public Task RunLabelAsync(string image, string label, RunLabelParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        parameters ??= new RunLabelParameters();
        var runlabel = new V.Runlabel
        {
            Image = image, Label = label, Name = parameters.Name ?? "", Pull = parameters.Pull, Display = parameters.Display,
            Authfile = parameters.AuthFile ?? "", ExtraArgs = [.. parameters.ExtraArguments], Opts = new Dictionary<string, string>(parameters.Options),
        };
        return _invoker.CallAsync("ContainerRunlabel", image, (p, t) => p.ContainerRunlabelAsync(runlabel, t), cancellationToken);
    }

    private async IAsyncEnumerable<ImageProgress> BuildSentAsync(Stream context, ImageBuildParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = await FileTransfer.SendAsync(_invoker, context, cancellationToken).ConfigureAwait(false);
        await foreach (var progress in BuildAsync(parameters with { ContextDirectory = sent }, cancellationToken).ConfigureAwait(false))
        {
            yield return progress;
        }
    }

    private async IAsyncEnumerable<ImageProgress> LoadSentAsync(Stream archive, string? name, bool quiet, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = await FileTransfer.SendAsync(_invoker, archive, cancellationToken).ConfigureAwait(false);
        await foreach (var progress in LoadAsync(sent, name, quiet, deleteFile: true, cancellationToken).ConfigureAwait(false))
        {
            yield return progress;
        }
    }

    private Task<string> Text(string method, string id, Func<V.PodmanProxy, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _invoker.CallAsync(method, id, call, cancellationToken);
    }
}
