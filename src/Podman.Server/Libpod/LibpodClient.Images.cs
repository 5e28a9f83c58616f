using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>The image endpoints: list, inspect, history, tree, tag, untag, remove, prune, search, commit, pull and push.</summary>
internal sealed partial class LibpodClient
{
    /// <summary>GET /libpod/images/json?all=true (intermediate images too), with filters when given.</summary>
    public Task<List<LibpodImage>> ImagesAsync(IReadOnlyDictionary<string, List<string>>? filters = null, CancellationToken cancellationToken = default)
        => GetAsync(new LibpodQuery("images/json").Add("all", true).AddFilters(filters).ToString(), LibpodJsonContext.Default.ListLibpodImage, cancellationToken);

    /// <summary>GET /libpod/images/{name}/json, as libpod's JSON text and the fields read from it.</summary>
    public async Task<(LibpodImageInspect Inspect, byte[] Json)> InspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        var json = await GetBytesAsync($"images/{LibpodQuery.Segment(name)}/json", cancellationToken).ConfigureAwait(false);
        return (JsonSerializer.Deserialize(json, LibpodJsonContext.Default.LibpodImageInspect)!, json);
    }

    /// <summary>GET /libpod/images/{name}/history: one row per layer, newest first.</summary>
    public Task<List<LibpodHistory>> HistoryAsync(string name, CancellationToken cancellationToken = default)
        => GetAsync($"images/{LibpodQuery.Segment(name)}/history", LibpodJsonContext.Default.ListLibpodHistory, cancellationToken);

    /// <summary>GET /libpod/images/{name}/tree?whatrequires=.</summary>
    public Task<LibpodTree> TreeAsync(string name, bool whatRequires, CancellationToken cancellationToken = default)
        => GetAsync(new LibpodQuery($"images/{LibpodQuery.Segment(name)}/tree").Add("whatrequires", whatRequires).ToString(), LibpodJsonContext.Default.LibpodTree, cancellationToken);

    /// <summary>POST /libpod/images/{name}/tag?repo=&amp;tag= → 201.</summary>
    public Task<HttpStatusCode> TagAsync(string name, string repo, string tag, CancellationToken cancellationToken = default)
        => PostAsync(new LibpodQuery($"images/{LibpodQuery.Segment(name)}/tag").Add("repo", repo).Add("tag", tag).ToString(), cancellationToken);

    /// <summary>POST /libpod/images/{name}/untag?repo=&amp;tag= → 201.</summary>
    public Task<HttpStatusCode> UntagAsync(string name, string repo, string tag, CancellationToken cancellationToken = default)
        => PostAsync(new LibpodQuery($"images/{LibpodQuery.Segment(name)}/untag").Add("repo", repo).Add("tag", tag).ToString(), cancellationToken);

    /// <summary>DELETE /libpod/images/{name}?force=: what was untagged and deleted.</summary>
    public async Task<LibpodImageRemoveReport> DeleteImageAsync(string name, bool force, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"images/{LibpodQuery.Segment(name)}").Add("force", force).ToString();
        using var response = await SendAsync(HttpMethod.Delete, path, null, false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? new LibpodImageRemoveReport() : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodImageRemoveReport) ?? new LibpodImageRemoveReport();
    }

    /// <summary>POST /libpod/images/prune?all=&amp;filters=: one report per image removed.</summary>
    public Task<List<LibpodPruneReport>> PruneImagesAsync(bool all, IReadOnlyDictionary<string, List<string>>? filters, CancellationToken cancellationToken = default)
        => PostListAsync(new LibpodQuery("images/prune").Add("all", all).AddFilters(filters).ToString(), LibpodJsonContext.Default.ListLibpodPruneReport, cancellationToken);

    /// <summary>GET /libpod/images/search?term=&amp;limit=&amp;filters=&amp;tlsVerify=.</summary>
    public async Task<List<LibpodSearchResult>> SearchAsync(string term, long? limit, IReadOnlyDictionary<string, List<string>>? filters, bool? tlsVerify, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery("images/search").Add("term", term).AddFilters(filters);
        if (limit is { } n)
        {
            query.Add("limit", n);
        }

        if (tlsVerify is { } verify)
        {
            query.Add("tlsVerify", verify);
        }

        var body = await GetBytesAsync(query.ToString(), cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? [] : JsonSerializer.Deserialize(body, LibpodJsonContext.Default.ListLibpodSearchResult) ?? [];
    }

    /// <summary>POST /libpod/commit?container=&amp;repo=&amp;tag=&amp;…: the new image's ID (not streamed).</summary>
    public async Task<string> CommitAsync(string query, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "commit" + query, null, false, cancellationToken).ConfigureAwait(false);
        var reply = await ReadAsync(response, LibpodJsonContext.Default.LibpodIdResponse, cancellationToken).ConfigureAwait(false);
        return reply.Id;
    }

    /// <summary>
    /// POST /libpod/images/pull?reference=&amp;policy=&amp;quiet=false (+ tlsVerify, X-Registry-Auth): the
    /// progress lines as they come, then the result line (<c>id</c> or <c>error</c>).
    /// </summary>
    public IAsyncEnumerable<LibpodPullLine> PullImageAsync(string reference, string policy, bool? tlsVerify, LibpodRegistryAuth? auth, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery("images/pull").Add("reference", reference).Add("policy", policy).Add("quiet", false);
        return ProgressAsync(AddTlsVerify(query, tlsVerify).ToString(), auth, cancellationToken);
    }

    /// <summary>
    /// POST /libpod/images/{name}/push?destination=&amp;format=&amp;quiet=false (+ tlsVerify, X-Registry-Auth):
    /// the progress lines as they come; a failure is a last line with <c>error</c>.
    /// </summary>
    public IAsyncEnumerable<LibpodPullLine> PushImageAsync(string name, string destination, string? format, bool removeSignatures, bool? tlsVerify, LibpodRegistryAuth? auth, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery($"images/{LibpodQuery.Segment(name)}/push")
            .Add("destination", destination).Add("format", format).Add("removeSignatures", removeSignatures).Add("quiet", false);
        return ProgressAsync(AddTlsVerify(query, tlsVerify).ToString(), auth, cancellationToken);
    }

    private static LibpodQuery AddTlsVerify(LibpodQuery query, bool? tlsVerify) => tlsVerify is { } verify ? query.Add("tlsVerify", verify) : query;

    private async IAsyncEnumerable<LibpodPullLine> ProgressAsync(string path, LibpodRegistryAuth? auth, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (auth is not null)
        {
            request.Headers.Add("X-Registry-Auth", RegistryAuthHeader(auth));
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var line in ReadLinesAsync(body, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(line, LibpodJsonContext.Default.LibpodPullLine)!;
        }
    }

    /// <summary>libpod's <c>X-Registry-Auth</c>: base64url of the credentials' JSON.</summary>
    internal static string RegistryAuthHeader(LibpodRegistryAuth auth)
        => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(auth, LibpodJsonContext.Default.LibpodRegistryAuth))
            .Replace('+', '-').Replace('/', '_');
}
