using System.Text;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Images: ListImages, ListImagesWithFilters, GetImage, ImageExists, InspectImage, HistoryImage,
/// ImageTree, TagImage, UntagImage, RemoveImage, RemoveImageWithResponse, SearchImages,
/// DeleteUnusedImages, ImagesPrune, Commit (pull and push are in <c>.Images.Transfer.cs</c>).
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>Every image in storage, intermediate ones included; <c>isParent</c> marks those another image names as its parent.</summary>
    protected override async ValueTask<IReadOnlyList<Image>> ListImagesAsync(VarlinkCall call, CancellationToken cancellationToken)
        => await ListImagesCoreAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>As ListImages, with 1.9's <c>key=value</c> filters (dangling, label, before, since, reference, readonly) passed to libpod (the same <c>key=value</c> → map translation as GetEvents).</summary>
    protected override async ValueTask<IReadOnlyList<Image>> ListImagesWithFiltersAsync(IReadOnlyList<string> filters, VarlinkCall call, CancellationToken cancellationToken)
        => await ListImagesCoreAsync(EventFilters(filters), cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<Image>> ListImagesCoreAsync(Dictionary<string, List<string>>? filters, CancellationToken cancellationToken)
    {
        try
        {
            var images = await _libpod.ImagesAsync(filters, cancellationToken).ConfigureAwait(false);
            return ToImages(images, filters is null ? images : await _libpod.ImagesAsync(null, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>The list entries as 1.9 Images; <paramref name="all"/> (every image) decides <c>isParent</c>.</summary>
    internal static IReadOnlyList<Image> ToImages(IReadOnlyList<LibpodImage> images, IReadOnlyList<LibpodImage> all)
    {
        var parents = all.Select(i => i.ParentId).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        return [.. images.Select(i => new Image
        {
            Id = i.Id,
            Digest = i.Digest,
            Digests = [],
            ParentId = i.ParentId,
            RepoTags = List(i.RepoTags),
            RepoDigests = List(i.RepoDigests),
            Created = GoTime.FromUnixSeconds(i.Created),
            Size = i.Size,
            VirtualSize = i.VirtualSize,
            Containers = i.Containers,
            Labels = Map(i.Labels),
            IsParent = parents.Contains(i.Id),

            // 1.9's list left the top layer out; GetImage has it.
            TopLayer = "",
            ReadOnly = i.ReadOnly,
            History = List(i.History),
        })];
    }

    /// <summary>One image by name or ID: inspect for its data and top layer, its list entry for the container count.</summary>
    protected override async ValueTask<Image> GetImageAsync(string id, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(id, cancellationToken).ConfigureAwait(false);
            var entry = (await _libpod.ImagesAsync(new Dictionary<string, List<string>> { ["id"] = [inspect.Id] }, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(i => i.Id == inspect.Id);
            return ToImage(inspect, entry);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    internal static Image ToImage(LibpodImageInspect inspect, LibpodImage? entry) => new()
    {
        Id = inspect.Id,
        Digest = inspect.Digest,
        Digests = [],
        ParentId = inspect.Parent,
        RepoTags = List(inspect.RepoTags),
        RepoDigests = List(inspect.RepoDigests),
        Created = GoTime.ToSeconds(inspect.Created),
        Size = inspect.Size,
        VirtualSize = inspect.VirtualSize,
        Containers = entry?.Containers ?? 0,
        Labels = Map(inspect.Labels),

        // 1.9's GetImage never computed it.
        IsParent = false,
        TopLayer = TopLayer(inspect.GraphDriver),
        ReadOnly = entry?.ReadOnly ?? false,
        History = List(inspect.NamesHistory),
    };

    /// <summary>The top layer's ID: overlay's upper directory is <c>…/overlay/&lt;layer&gt;/diff</c>.</summary>
    internal static string TopLayer(LibpodGraphDriver driver)
    {
        if (driver.Data is null || !driver.Data.TryGetValue("UpperDir", out var upper) || upper.Length == 0)
        {
            return "";
        }

        var trimmed = upper.EndsWith("/diff", StringComparison.Ordinal) ? upper[..^"/diff".Length] : upper;
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    /// <summary>0 when the image exists, 1 when it does not.</summary>
    protected override async ValueTask<long> ImageExistsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return !string.IsNullOrEmpty(name) && await _libpod.ImageExistsAsync(name, cancellationToken).ConfigureAwait(false) ? 0 : 1;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>podman 4.3's image inspect JSON as it is: its fields are 1.9's <c>ImageData</c>.</summary>
    protected override async ValueTask<string> InspectImageAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return Encoding.UTF8.GetString((await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false)).Json);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>One row per layer; as 1.9, every row carries all of the image's names.</summary>
    protected override async ValueTask<IReadOnlyList<ImageHistory>> HistoryImageAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var rows = await _libpod.HistoryAsync(inspect.Id, cancellationToken).ConfigureAwait(false);
            return ToHistory(rows, List(inspect.RepoTags));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    internal static IReadOnlyList<ImageHistory> ToHistory(IReadOnlyList<LibpodHistory> rows, IReadOnlyList<string> tags)
        => [.. rows.Select(r => new ImageHistory
        {
            Id = r.Id,
            Created = GoTime.FromUnixSeconds(r.Created),
            CreatedBy = r.CreatedBy,
            Tags = tags,
            Size = r.Size,
            Comment = r.Comment,
        })];

    /// <summary>The layer tree as podman draws it; not found is ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask<string> ImageTreeAsync(string name, bool whatRequires, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return (await _libpod.TreeAsync(name ?? "", whatRequires, cancellationToken).ConfigureAwait(false)).Tree;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Adds the name <paramref name="tagged"/> (<c>repo[:tag]</c>, tag <c>latest</c> by default); returns the image's ID.</summary>
    protected override async ValueTask<string> TagImageAsync(string name, string tagged, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var (repo, tag) = SplitReference(tagged, "tagged");
            await _libpod.TagAsync(inspect.Id, repo, tag, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes the name <paramref name="tag"/> from the image; returns the image's ID.</summary>
    protected override async ValueTask<string> UntagImageAsync(string name, string tag, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var (repo, version) = SplitReference(tag, "tag");
            await _libpod.UntagAsync(inspect.Id, repo, version, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// <c>repo[:tag]</c> → (repo, tag): the tag is after the last <c>:</c> that follows the last <c>/</c>
    /// (a registry's port is not a tag); <c>latest</c> when there is none. libpod refuses <c>repo=name:tag</c>.
    /// </summary>
    internal static (string Repo, string Tag) SplitReference(string? reference, string parameter)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new ErrorOccurredException($"{parameter}: an image name is needed (repository[:tag])");
        }

        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') && colon < reference.Length - 1
            ? (reference[..colon], reference[(colon + 1)..])
            : (reference.TrimEnd(':'), "latest");
    }

    /// <summary>Removes the image (with <c>force</c>, the containers using it too); returns its ID.</summary>
    protected override async ValueTask<string> RemoveImageAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
        => (await RemoveImageCoreAsync(name, force, cancellationToken).ConfigureAwait(false)).Id;

    /// <summary>Removes the image; answers what was untagged and the ID deleted ("" when it only lost a name).</summary>
    protected override async ValueTask<RemoveImageResponse> RemoveImageWithResponseAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
    {
        var (_, report) = await RemoveImageCoreAsync(name, force, cancellationToken).ConfigureAwait(false);
        return new RemoveImageResponse { Untagged = List(report.Untagged), Deleted = report.Deleted is [var first, ..] ? first : "" };
    }

    private async Task<(string Id, LibpodImageRemoveReport Report)> RemoveImageCoreAsync(string name, bool force, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);

            // By the caller's name: removing one name of an image with several only untags it, as in 1.9.
            var report = await _libpod.DeleteImageAsync(name, force, cancellationToken).ConfigureAwait(false);
            return (inspect.Id, report);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Searches the registries; <c>is_official</c>, <c>is_automated</c> and <c>star_count</c> filter as in 1.9.</summary>
    protected override async ValueTask<IReadOnlyList<ImageSearchResult>> SearchImagesAsync(string query, long? limit, ImageSearchFilter filter, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrEmpty(query))
            {
                throw new ErrorOccurredException("query: a search term is needed");
            }

            Dictionary<string, List<string>> filters = [];
            if (filter?.IsOfficial is { } official)
            {
                filters["is-official"] = [official ? "true" : "false"];
            }

            if (filter?.IsAutomated is { } automated)
            {
                filters["is-automated"] = [automated ? "true" : "false"];
            }

            if (filter?.StarCount is > 0 and var stars)
            {
                filters["stars"] = [stars.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            }

            var tlsVerify = await TlsVerifyForAsync(query, cancellationToken).ConfigureAwait(false);
            var results = await _libpod.SearchAsync(query, limit is > 0 ? limit : null, filters, tlsVerify, cancellationToken).ConfigureAwait(false);
            return [.. results.Select(r => new ImageSearchResult
            {
                Description = r.Description,
                IsOfficial = r.Official == "[OK]",
                IsAutomated = r.Automated == "[OK]",
                Registry = r.Index,
                Name = r.Name,
                StarCount = r.Stars,
            })];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes every image no container uses (not only dangling ones), as 1.9; the first failure stops it.</summary>
    protected override async ValueTask<IReadOnlyList<string>> DeleteUnusedImagesAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            List<string> deleted = [];
            foreach (var image in await _libpod.ImagesAsync(null, cancellationToken).ConfigureAwait(false))
            {
                if (image.Containers != 0)
                {
                    continue;
                }

                try
                {
                    await _libpod.DeleteImageAsync(image.Id, force: true, cancellationToken).ConfigureAwait(false);
                    deleted.Add(image.Id);
                }
                catch (LibpodException e) when (e.IsNotFound)
                {
                    // Went with an image removed before it (its child).
                }
            }

            return deleted;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes dangling images (every unused one with <c>all</c>); returns the IDs removed. The filters, which 1.9.3 ignored, are passed on.</summary>
    protected override async ValueTask<IReadOnlyList<string>> ImagesPruneAsync(bool all, IReadOnlyList<string> filter, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var reports = await _libpod.PruneImagesAsync(all, EventFilters(filter), cancellationToken).ConfigureAwait(false);
            return [.. reports.Where(r => r.Error is null).Select(r => r.Id)];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// Commits a container to <c>image_name</c>: libpod's commit is not streamed, so the one reply is
    /// the final MoreResponse with the new image's ID. <c>manifestType</c> "" or <c>oci</c> is OCI, <c>docker</c> docker's v2s2.
    /// </summary>
    protected override async ValueTask CommitAsync(string name, string imageName, IReadOnlyList<string> changes, string author, string message, bool pause, string manifestType, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var format = manifestType switch
            {
                "" or null or "oci" => "oci",
                "docker" => "docker",
                _ => throw new ErrorOccurredException($"unrecognized image format \"{manifestType}\""),
            };
            var (container, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var query = new LibpodQuery("").Add("container", container.Id);
            if (!string.IsNullOrEmpty(imageName))
            {
                var (repo, tag) = SplitReference(imageName, "image_name");
                query.Add("repo", repo).Add("tag", tag);
            }

            query.Add("author", string.IsNullOrEmpty(author) ? null : author)
                .Add("comment", string.IsNullOrEmpty(message) ? null : message)
                .Add("pause", pause)
                .Add("format", format)
                .AddEach("changes", changes ?? []);
            var id = await _libpod.CommitAsync(query.ToString(), cancellationToken).ConfigureAwait(false);
            await replies.WriteAsync(new MoreResponse { Logs = [], Id = id }, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Inspects an image; not found → <c>ImageNotFound</c> with the caller's input.</summary>
    private async Task<(LibpodImageInspect Inspect, byte[] Json)> InspectImageOrNotFoundAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ImageNotFoundException(name ?? "", "no image name given: image not known");
        }

        try
        {
            return await _libpod.InspectImageAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsNotFound)
        {
            throw new ImageNotFoundException(name, e.Message);
        }
    }
}
