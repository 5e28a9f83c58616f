using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Podman.Server.Libpod;

/// <summary>
/// The streamed endpoints, read as they arrive and never buffered whole: events and pull progress
/// (newline-delimited JSON), logs (docker's multiplexed frames). Stopping the enumeration (or
/// cancelling it) disposes the response, which closes that HTTP connection.
/// </summary>
internal sealed partial class LibpodClient
{
    /// <summary>The largest log frame accepted (a line of a container's log, as libpod sends it).</summary>
    public const int MaxLogFrame = 16 * 1024 * 1024;

    /// <summary>GET /libpod/events: each event as it happens (<paramref name="stream"/>) or those logged so far.</summary>
    public async IAsyncEnumerable<LibpodEvent> EventsAsync(
        bool stream,
        IReadOnlyDictionary<string, List<string>>? filters = null,
        string? since = null,
        string? until = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery("events").Add("stream", stream).AddFilters(filters).Add("since", since).Add("until", until).ToString();
        await foreach (var line in LinesAsync(HttpMethod.Get, path, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(line, LibpodJsonContext.Default.LibpodEvent)!;
        }
    }

    /// <summary>POST /libpod/images/pull?reference=&amp;policy=: the progress lines, then the result line (<c>id</c> or <c>error</c>).</summary>
    public async IAsyncEnumerable<LibpodPullLine> PullAsync(
        string reference,
        string policy,
        string? os = null,
        string? arch = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery("images/pull").Add("reference", reference).Add("policy", policy).Add("quiet", false).Add("OS", os).Add("Arch", arch).ToString();
        await foreach (var line in LinesAsync(HttpMethod.Post, path, cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize(line, LibpodJsonContext.Default.LibpodPullLine)!;
        }
    }

    /// <summary>
    /// GET /libpod/containers/{name}/logs with stdout, stderr and timestamps: one frame per line (or
    /// partial line). With <paramref name="follow"/> it ends when the container exits.
    /// </summary>
    public async IAsyncEnumerable<LogFrame> LogsAsync(
        string name,
        bool follow,
        string? tail = null,
        string? since = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = new LibpodQuery($"containers/{LibpodQuery.Segment(name)}/logs")
            .Add("stdout", true).Add("stderr", true).Add("timestamps", true).Add("follow", follow)
            .Add("tail", tail).Add("since", since).ToString();
        using var response = await SendAsync(HttpMethod.Get, path, null, true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var frame in ReadFramesAsync(body, cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    /// <summary>Reads docker's multiplexed stream: 8-byte headers <c>[stream, 0, 0, 0, BE uint32 length]</c>, each followed by its payload.</summary>
    internal static async IAsyncEnumerable<LogFrame> ReadFramesAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var header = new byte[8];
        var payload = new byte[4096];
        while (true)
        {
            int read = await body.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield break;
            }

            if (read < header.Length)
            {
                throw new LibpodException(System.Net.HttpStatusCode.OK, "", "libpod's log stream ended inside a frame header");
            }

            var stream = header[0];
            if (stream > 2 || header[1] != 0 || header[2] != 0 || header[3] != 0)
            {
                throw new LibpodException(System.Net.HttpStatusCode.OK, "", $"libpod's log stream has a frame with a bad header (stream {stream})");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            if (length > MaxLogFrame)
            {
                throw new LibpodException(System.Net.HttpStatusCode.OK, "", $"libpod's log stream has a {length}-byte frame, over the {MaxLogFrame}-byte limit");
            }

            if (payload.Length < length)
            {
                payload = new byte[Math.Max(length, payload.Length * 2)];
            }

            await body.ReadExactlyAsync(payload.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
            yield return new LogFrame((LogStream)stream, Encoding.UTF8.GetString(payload, 0, (int)length));
        }
    }

    private async IAsyncEnumerable<byte[]> LinesAsync(HttpMethod method, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, null, true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var line in ReadLinesAsync(body, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>Splits a stream into its non-empty lines, as they arrive.</summary>
    internal static async IAsyncEnumerable<byte[]> ReadLinesAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[8192];
        int start = 0, end = 0;
        while (true)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                if (newline > start)
                {
                    yield return buffer.AsSpan(start, newline - start).ToArray();
                }

                start = newline + 1;
                continue;
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxLogFrame)
                {
                    throw new LibpodException(System.Net.HttpStatusCode.OK, "", $"libpod sent a line over {MaxLogFrame} bytes");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = await body.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (end > 0)
                {
                    yield return buffer.AsSpan(0, end).ToArray();
                }

                yield break;
            }

            end += read;
        }
    }
}
