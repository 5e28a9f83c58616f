using System.Collections.Concurrent;
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
public sealed class FakeLibpod : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly TempDirectory _dir = new();

    private FakeLibpod(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
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
        var socket = dir.File("podman.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.ListenUnixSocket(socket));
        var app = builder.Build();
        var fake = new FakeLibpod(app, socket);
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

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        const string Prefix = "/v4.0.0/libpod/";
        if (path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            path = path[Prefix.Length..];
        }

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
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
