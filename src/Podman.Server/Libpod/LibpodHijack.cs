using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Podman.Server.Libpod;

/// <summary>
/// A connection to podman's API service taken over after an HTTP upgrade (container attach, exec
/// start): one POST with <c>Connection: Upgrade</c> and <c>Upgrade: tcp</c>, answered
/// <c>101 UPGRADED</c>, after which the socket carries the process's raw bytes both ways.
/// </summary>
/// <remarks>
/// HttpClient hands out no socket to half-close, and a half-close is how the process is told its
/// input ended, so this one request is written and its reply head read by hand on a socket of its
/// own. A refusal (any status but 101 or 200) becomes a <see cref="LibpodException"/> as for every
/// other request. Not safe for concurrent reads or concurrent writes; one reader and one writer may
/// run at once.
/// </remarks>
internal sealed class LibpodHijack : IAsyncDisposable
{
    /// <summary>Opens a hijacked connection: POST path (under the API prefix) with an optional JSON body.</summary>
    public delegate Task<LibpodHijack> Opener(string path, byte[]? jsonBody, CancellationToken cancellationToken);

    /// <summary>The largest reply head (status line and headers) accepted.</summary>
    public const int MaxHead = 64 * 1024;

    /// <summary>The largest error body read.</summary>
    public const int MaxErrorBody = 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _early;
    private int _earlyStart;
    private int _earlyEnd;
    private int _writeClosed;

    private LibpodHijack(Socket socket, byte[] early, int earlyStart, int earlyEnd)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _early = early;
        _earlyStart = earlyStart;
        _earlyEnd = earlyEnd;
    }

    /// <summary>
    /// Connects to <paramref name="socketPath"/>, POSTs <paramref name="path"/> (with a JSON body when
    /// given) asking for the upgrade, and reads the reply head.
    /// </summary>
    /// <exception cref="LibpodException">libpod refused (its status, cause and message).</exception>
    public static async Task<LibpodHijack> OpenAsync(string socketPath, string path, byte[]? jsonBody, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            var head = new StringBuilder()
                .Append("POST ").Append(path).Append(" HTTP/1.1\r\n")
                .Append("Host: d\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n");
            if (jsonBody is not null)
            {
                head.Append("Content-Type: application/json\r\nContent-Length: ").Append(jsonBody.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }

            head.Append("\r\n");
            byte[] request = [.. Encoding.ASCII.GetBytes(head.ToString()), .. jsonBody ?? []];
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return await ReadReplyAsync(socket, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<LibpodHijack> ReadReplyAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int filled = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHead)
                {
                    throw new LibpodException(HttpStatusCode.BadGateway, "", $"libpod's upgrade reply has a head over {MaxHead} bytes");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new LibpodException(HttpStatusCode.BadGateway, "", "libpod closed the connection before answering the upgrade request");
            }

            filled += read;
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
        var status = ParseStatus(lines[0]);
        int bodyStart = headEnd + 4;
        if (status is HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK)
        {
            return new LibpodHijack(socket, buffer, bodyStart, filled);
        }

        // A refusal: an ordinary reply with libpod's error body (its length given, chunked, or to the end).
        long? length = null;
        bool chunked = false;
        foreach (var line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
            else if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && line.AsSpan(colon + 1).Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        using var body = new MemoryStream();
        body.Write(buffer, bodyStart, filled - bodyStart);
        var chunk = new byte[8192];
        while ((length is null || body.Length < length) && body.Length < MaxErrorBody
            && !(chunked && Dechunk(body.GetBuffer().AsSpan(0, (int)body.Length)) is not null))
        {
            int read = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            body.Write(chunk, 0, read);
        }

        var bytes = chunked ? Dechunk(body.ToArray()) ?? [] : body.ToArray();
        if (length is { } total && bytes.Length > total)
        {
            bytes = bytes[..(int)total];
        }

        throw LibpodClient.ErrorFromBody(status, bytes);
    }

    /// <summary>A chunked body's content once its last chunk has come; null while it is incomplete (or malformed).</summary>
    internal static byte[]? Dechunk(ReadOnlySpan<byte> encoded)
    {
        using var content = new MemoryStream();
        while (true)
        {
            int eol = encoded.IndexOf("\r\n"u8);
            if (eol < 0)
            {
                return null;
            }

            var sizeText = encoded[..eol];
            int extension = sizeText.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeText = sizeText[..extension];
            }

            if (!int.TryParse(Encoding.ASCII.GetString(sizeText).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int size) || size < 0)
            {
                return null;
            }

            encoded = encoded[(eol + 2)..];
            if (size == 0)
            {
                // The last chunk; trailers (none from libpod) end with an empty line.
                return encoded.IndexOf("\r\n"u8) >= 0 ? content.ToArray() : null;
            }

            if (encoded.Length < size + 2)
            {
                return null;
            }

            content.Write(encoded[..size]);
            encoded = encoded[(size + 2)..];
        }
    }

    private static HttpStatusCode ParseStatus(string statusLine)
    {
        // "HTTP/1.1 101 UPGRADED"
        var parts = statusLine.Split(' ', 3);
        return parts.Length >= 2 && parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? (HttpStatusCode)code
            : throw new LibpodException(HttpStatusCode.BadGateway, "", $"libpod's upgrade reply has a bad status line \"{statusLine}\"");
    }

    /// <summary>Reads the process's output (bytes libpod sent with its reply head first); 0 at the end.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_earlyStart < _earlyEnd)
        {
            int n = Math.Min(buffer.Length, _earlyEnd - _earlyStart);
            _early.AsMemory(_earlyStart, n).CopyTo(buffer);
            _earlyStart += n;
            if (_earlyStart == _earlyEnd)
            {
                _early = [];
            }

            return n;
        }

        return await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes to the process's input.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
        => _stream.WriteAsync(buffer, cancellationToken);

    /// <summary>Half-closes the connection: the process reads the end of its input; its output goes on.</summary>
    public void CloseInput()
    {
        if (Interlocked.Exchange(ref _writeClosed, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // libpod has closed already: its reader has its end of input anyway.
            }
            catch (ObjectDisposedException)
            {
                // Closed by the session's end.
            }
        }
    }

    /// <summary>Closes the connection (libpod ends the attach or exec session's streams).</summary>
    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
