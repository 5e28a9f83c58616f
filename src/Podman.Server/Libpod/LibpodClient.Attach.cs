using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>
/// Attach and exec: the hijacked streams (<see cref="LibpodHijack"/>, on a connection of their own) and
/// the calls around them (exec create and inspect, terminal resize).
/// </summary>
internal sealed partial class LibpodClient
{
    private const string ApiPrefix = "/v4.0.0/libpod/";

    // Where the hijacked connections go; null when the client was made over a handler (no socket to open).
    private readonly string? _socketPath;

    private LibpodHijack.Opener Hijacker => _socketPath is { } path
        ? (p, body, t) => LibpodHijack.OpenAsync(path, ApiPrefix + p, body, t)
        : throw new InvalidOperationException("This libpod client was made over an HTTP handler; attach and exec need its socket path.");

    /// <summary>
    /// POST /libpod/containers/{id}/attach?stream=true&amp;stdout=true&amp;stderr=true&amp;stdin=&amp;detachKeys=,
    /// upgraded. Attaching before a start loses no output.
    /// </summary>
    public Task<LibpodHijack> AttachAsync(string id, bool stdin, string detachKeys, CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"containers/{LibpodQuery.Segment(id)}/attach")
            .Add("stream", true).Add("stdout", true).Add("stderr", true).Add("stdin", stdin).Add("detachKeys", detachKeys).ToString();
        return Hijacker(path, null, cancellationToken);
    }

    /// <summary>POST /libpod/containers/{id}/resize?h=&amp;w= (409 until the container runs).</summary>
    public Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken = default)
        => PostAsync(ResizePath($"containers/{LibpodQuery.Segment(id)}/resize", height, width), cancellationToken);

    /// <summary>POST /libpod/containers/{id}/exec: the new exec session's ID.</summary>
    public async Task<string> CreateExecAsync(string id, LibpodExecCreate config, CancellationToken cancellationToken = default)
    {
        var created = await PostJsonAsync(
            $"containers/{LibpodQuery.Segment(id)}/exec",
            config,
            LibpodSessionJsonContext.Default.LibpodExecCreate,
            LibpodJsonContext.Default.LibpodIdResponse,
            cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>POST /libpod/exec/{id}/start, upgraded: the process's streams; with a tty, at <paramref name="size"/> when given.</summary>
    public Task<LibpodHijack> StartExecAsync(string execId, bool tty, (int Width, int Height)? size = null, CancellationToken cancellationToken = default)
    {
        var start = new LibpodExecStart { Detach = false, Tty = tty, Height = tty ? size?.Height : null, Width = tty ? size?.Width : null };
        var body = JsonSerializer.SerializeToUtf8Bytes(start, LibpodSessionJsonContext.Default.LibpodExecStart);
        return Hijacker($"exec/{LibpodQuery.Segment(execId)}/start", body, cancellationToken);
    }

    /// <summary>POST /libpod/exec/{id}/resize?h=&amp;w=.</summary>
    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken = default)
        => PostAsync(ResizePath($"exec/{LibpodQuery.Segment(execId)}/resize", height, width), cancellationToken);

    /// <summary>GET /libpod/exec/{id}/json.</summary>
    public Task<LibpodExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken = default)
        => GetAsync($"exec/{LibpodQuery.Segment(execId)}/json", LibpodSessionJsonContext.Default.LibpodExecInspect, cancellationToken);

    private static string ResizePath(string path, int height, int width)
        => new LibpodQuery(path).Add("h", height.ToString(CultureInfo.InvariantCulture)).Add("w", width.ToString(CultureInfo.InvariantCulture)).ToString();
}
