using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>
/// The image endpoints that carry archives: load, import and build take a tar as the request body,
/// get and export answer with one. Bodies stream both ways; nothing is held whole in memory.
/// </summary>
internal sealed partial class LibpodClient
{
    private static readonly MediaTypeHeaderValue TarType = new("application/x-tar");

    /// <summary>POST /libpod/images/load, body = an image archive: the names loaded.</summary>
    public async Task<List<string>> LoadImageAsync(Stream archive, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "images/load", TarContent(archive), false, cancellationToken).ConfigureAwait(false);
        var report = await ReadAsync(response, LibpodJsonContext.Default.LibpodLoadReport, cancellationToken).ConfigureAwait(false);
        return report.Names ?? [];
    }

    /// <summary>POST /libpod/images/import?reference=&amp;message=&amp;changes=…, body = a root filesystem tar: the new image's ID (<c>sha256:…</c>).</summary>
    /// <remarks>With <paramref name="rootfs"/> null, libpod fetches the tar from <paramref name="url"/>.</remarks>
    public async Task<string> ImportImageAsync(Stream? rootfs, string? url, string reference, string message, IReadOnlyList<string> changes, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery("images/import").Add("reference", reference.Length > 0 ? reference : null).Add("message", message.Length > 0 ? message : null)
            .AddEach("changes", changes).Add("url", url);
        using var response = await SendAsync(HttpMethod.Post, query.ToString(), rootfs is null ? null : TarContent(rootfs), false, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(response, LibpodJsonContext.Default.LibpodIdResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>
    /// GET /libpod/images/export?references=…&amp;format=&amp;compress= (one or more names in one archive)
    /// into <paramref name="destination"/>.
    /// </summary>
    public async Task SaveImagesAsync(IReadOnlyList<string> references, string format, bool compress, Stream destination, CancellationToken cancellationToken = default)
    {
        var query = new LibpodQuery("images/export").AddEach("references", references).Add("format", format).Add("compress", compress);
        using var response = await SendAsync(HttpMethod.Get, query.ToString(), null, true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /libpod/build?… with the context tar as the body: the build's NDJSON lines as they come.</summary>
    public async IAsyncEnumerable<LibpodPullLine> BuildAsync(string query, Stream context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "build" + query, TarContent(context), true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var line in ReadLinesAsync(body, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(line, LibpodJsonContext.Default.LibpodPullLine)!;
        }
    }

    private static StreamContent TarContent(Stream body)
    {
        var content = new StreamContent(body, 64 * 1024);
        content.Headers.ContentType = TarType;
        if (body.CanSeek)
        {
            content.Headers.ContentLength = body.Length - body.Position;
        }

        return content;
    }
}
