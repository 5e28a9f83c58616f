using System.Text.Json;
using Varlink;

namespace Podman.Client.Tests;

/// <summary>
/// An in-process io.podman: a Varlink.Net server with the real interface description on a unix socket. Each
/// method answers what a test registered with <see cref="On"/>; the others answer MethodNotImplemented. Every
/// call's method name is recorded.
/// </summary>
public sealed class FakePodman : IAsyncDisposable
{
    public static readonly string InterfaceText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "io.podman.varlink"));

    private readonly string _directory = Directory.CreateTempSubdirectory("pct-").FullName;
    private readonly VarlinkServer _server = new();
    private readonly Dictionary<string, Func<VarlinkCall, CancellationToken, ValueTask>> _handlers = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];

    public FakePodman()
    {
        _server.AddInterface(InterfaceText, HandleAsync, new VarlinkInterfaceOptions { LenientParameters = true });
        Address = "unix:" + Path.Combine(_directory, "io.podman");
        _server.Listen(Address);
    }

    public string Address { get; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The 97 method names of the interface, read from its description.</summary>
    public static IReadOnlyList<string> InterfaceMethods() =>
        [.. InterfaceText.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("method ", StringComparison.Ordinal))
            .Select(l => l["method ".Length..].TrimStart().Split('(', ' ')[0])];

    public PodmanClient CreateClient() => new(new PodmanClientOptions { Address = Address, ConnectRetries = 0 });

    public FakePodman On(string method, Func<VarlinkCall, CancellationToken, ValueTask> handler)
    {
        _handlers[method] = handler;
        return this;
    }

    /// <summary>Answers <paramref name="method"/> with one reply (JSON text).</summary>
    public FakePodman Reply(string method, string json) => On(method, (call, token) => call.ReplyAsync(Json(json), cancellationToken: token));

    /// <summary>Answers <paramref name="method"/> with an error reply.</summary>
    public FakePodman Error(string method, string error, string json = "{}") => On(method, (call, token) => call.ReplyErrorAsync(error, Json(json), token));

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(call.MethodName);
        }

        if (_handlers.TryGetValue(call.MethodName, out var handler))
        {
            await handler(call, cancellationToken);
        }
    }
}
