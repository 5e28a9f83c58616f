using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Podman.Server.Tests;

/// <summary>
/// A stand-in for podman's API service on a unix socket (Kestrel), answering with replies recorded
/// from podman 4.3.1 in the appliance (<see cref="Recorded"/>). Every request is logged, so a test can
/// check what the service asked libpod; a route can also be a handler (streams, gates).
/// </summary>
/// <remarks>
/// Kestrel takes a client's FIN as the end of the whole connection (it aborts the response), while
/// podman's Go server keeps writing after a half-close: a hang-up is how an attached process is told
/// its input ended. So the socket the service sees is a front door of the fake's own: a request for a
/// route registered with <see cref="OnHijack"/> is answered <c>101</c> there and its handler gets the
/// raw socket, which keeps the half-close as Go does; every other connection is passed through to Kestrel.
/// </remarks>
public sealed class FakeLibpod : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<Stream, Task>> _hijacks = new(StringComparer.Ordinal);
    private readonly TempDirectory _dir;
    private readonly string _kestrelSocket;
    private readonly Socket _door;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private FakeLibpod(WebApplication app, TempDirectory dir, string socketPath, string kestrelSocket)
    {
        _app = app;
        _dir = dir;
        SocketPath = socketPath;
        _kestrelSocket = kestrelSocket;
        _door = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _door.Bind(new UnixDomainSocketEndPoint(socketPath));
        _door.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>The socket the fake listens on.</summary>
    public string SocketPath { get; }

    /// <summary>Every request, in order: <c>METHOD path?query</c> with the <c>/v4.0.0/libpod</c> prefix cut.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Request bodies, by request line.</summary>
    public ConcurrentDictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeLibpod> StartAsync()
    {
        var dir = new TempDirectory();
        var kestrel = dir.File("kestrel.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.ListenUnixSocket(kestrel));
        var app = builder.Build();
        var fake = new FakeLibpod(app, dir, dir.File("podman.sock"), kestrel);
        app.Run(fake.DispatchAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>Answers <c>METHOD path</c> (no query) with a status and a body.</summary>
    public void Reply(string method, string path, int status, string? body = null, string contentType = "application/json")
        => On(method, path, async context =>
        {
            context.Response.StatusCode = status;
            if (body is not null)
            {
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
            }
        });

    /// <summary>Answers with a recorded file's bytes.</summary>
    public void ReplyFile(string method, string path, string recordedFile, int status = 200, string contentType = "application/json")
        => On(method, path, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(Recorded.Bytes(recordedFile));
        });

    /// <summary>Answers with a handler.</summary>
    public void On(string method, string path, Func<HttpContext, Task> handler) => _routes[method + " " + path] = handler;

    /// <summary>
    /// Answers an upgrade request (<c>METHOD path</c>, no query) with <c>101 UPGRADED</c> (its body, when
    /// it has one, in <see cref="Bodies"/> first) and hands the handler the raw connection: reads end at the service's half-close, and writes after
    /// it still arrive, as from podman's server. The connection closes when the handler returns.
    /// </summary>
    public void OnHijack(string method, string path, Func<Stream, Task> handler) => _hijacks[method + " " + path] = handler;

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _door.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        try
        {
            // The request head, and whatever came with it.
            var buffer = new byte[16 * 1024];
            int filled = 0, headEnd;
            while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                int read = filled < buffer.Length ? await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token) : 0;
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            var requestLine = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, headEnd).IndexOf("\r\n"u8) is var eol and >= 0 ? eol : headEnd).Split(' ');
            if (requestLine.Length == 3 && _hijacks.TryGetValue(requestLine[0] + " " + Route(requestLine[1].Split('?', 2)[0]), out var hijack))
            {
                var target = requestLine[1];
                var line = $"{requestLine[0]} {Route(target)}";
                Requests.Enqueue(line);

                // A body (exec start has one) is read whole before the 101, as podman's server does.
                var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                var lengthHeader = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                if (lengthHeader is not null && int.TryParse(lengthHeader["Content-Length:".Length..].Trim(), out var contentLength) && contentLength > 0)
                {
                    var body = new byte[contentLength];
                    int have = Math.Min(contentLength, filled - headEnd - 4);
                    buffer.AsSpan(headEnd + 4, have).CopyTo(body);
                    while (have < contentLength)
                    {
                        int read = await client.ReceiveAsync(body.AsMemory(have), SocketFlags.None, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        have += read;
                    }

                    Bodies[line] = Encoding.UTF8.GetString(body);
                }

                await client.SendAsync("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"u8.ToArray(), SocketFlags.None, _stop.Token);
                await using var raw = new NetworkStream(client, ownsSocket: false);
                await hijack(raw);
                client.Shutdown(SocketShutdown.Both);
                return;
            }

            // Everything else is Kestrel's: the bytes read so far, then both ways until either side ends.
            using var kestrel = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await kestrel.ConnectAsync(new UnixDomainSocketEndPoint(_kestrelSocket), _stop.Token);
            await kestrel.SendAsync(buffer.AsMemory(0, filled), SocketFlags.None, _stop.Token);
            await using var toClient = new NetworkStream(client, ownsSocket: false);
            await using var toKestrel = new NetworkStream(kestrel, ownsSocket: false);
            await Task.WhenAny(toClient.CopyToAsync(toKestrel, _stop.Token), toKestrel.CopyToAsync(toClient, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went: the other is closed with it.
        }
    }

    private static string Route(string target)
    {
        const string Prefix = "/v4.0.0/libpod/";
        return target.StartsWith(Prefix, StringComparison.Ordinal) ? target[Prefix.Length..] : target;
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = Route(context.Request.Path.Value ?? "");

        var line = $"{context.Request.Method} {path}{context.Request.QueryString.Value}";
        Requests.Enqueue(line);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            Bodies[line] = await reader.ReadToEndAsync();
        }

        if (_routes.TryGetValue(context.Request.Method + " " + path, out var handler))
        {
            await handler(context);
            return;
        }

        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"cause\":\"fake libpod has no such route\",\"message\":\"no route for " + line.Replace("\"", "'") + "\",\"response\":404}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _door.Dispose();
        await _accepting;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
