using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Podman.Server.Libpod;

/// <summary>
/// A client of podman 4.3's libpod REST API over its unix socket: typed requests for what io.podman
/// maps onto, streams (events, logs, pull progress) read as they arrive. Error statuses become
/// <see cref="LibpodException"/> with libpod's cause and message.
/// </summary>
/// <remarks>
/// Safe for concurrent use (HttpClient pools connections). Cancelling a request aborts its HTTP
/// connection, so a stream given up by its reader is closed at once on the podman side too.
/// </remarks>
internal sealed partial class LibpodClient : IDisposable
{
    /// <summary>Where podman's API service listens in the appliance.</summary>
    public const string DefaultSocketPath = "/run/podman/podman.sock";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http;

    /// <summary>Creates a client of the API service on <paramref name="socketPath"/>.</summary>
    public LibpodClient(string socketPath = DefaultSocketPath)
        : this(LibpodSocketHandler.Create(socketPath))
    {
        _socketPath = socketPath;
    }

    /// <summary>Creates a client over any handler (tests).</summary>
    public LibpodClient(HttpMessageHandler handler)
    {
        // Any version from libpod's MinAPIVersion 4.0.0 up is accepted by 4.3.1.
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://d/v4.0.0/libpod/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, bool streamed, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var response = await _http.SendAsync(
            request,
            streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
            cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<LibpodException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ErrorFromBody(response.StatusCode, body, response.ReasonPhrase);
    }

    /// <summary>The exception for an error reply: libpod's <c>{cause, message}</c>, or the body's text.</summary>
    internal static LibpodException ErrorFromBody(HttpStatusCode status, byte[] body, string? reason = null)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, LibpodJsonContext.Default.LibpodErrorBody);
            if (error is not null && (error.Message.Length > 0 || error.Cause.Length > 0))
            {
                return new LibpodException(status, error.Cause, error.Message.Length > 0 ? error.Message : error.Cause);
            }
        }
        catch (JsonException)
        {
            // Not libpod's error shape: the text itself is the message.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return new LibpodException(status, "", text.Length > 0 ? text : $"libpod answered {(int)status} {reason}");
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0 || (body.Length == 4 && body.AsSpan().SequenceEqual("null"u8)))
        {
            throw new LibpodException(response.StatusCode, "", $"libpod sent an empty reply to {response.RequestMessage?.RequestUri?.AbsolutePath}");
        }

        return JsonSerializer.Deserialize(body, typeInfo)!;
    }

    private async Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs without a body; returns the status (204 done, 304 nothing to do, 200 with a body ignored).</summary>
    private async Task<HttpStatusCode> PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, false, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    private async Task<TResult> PostJsonAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyInfo));
        content.Headers.ContentType = JsonType;
        using var response = await SendAsync(HttpMethod.Post, path, content, false, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, resultInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /libpod/_ping: true when the API service answers.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "_ping", null, false, cancellationToken).ConfigureAwait(false);
    }
}
