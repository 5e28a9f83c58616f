using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Server.Service;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>
/// The io.podman service as the program runs it (a Varlink.Net server on a unix socket, the
/// generated server base, <see cref="PodmanService"/>), wired to a <see cref="FakeLibpod"/>.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LibpodClient _client;
    private readonly VarlinkServer _server;

    private ServiceHarness(FakeLibpod libpod, TimeProvider? time, VersionCache? versionCache)
    {
        Libpod = libpod;
        _client = new LibpodClient(libpod.SocketPath);
        _server = new VarlinkServer(new VarlinkServerOptions { ConnectionFailed = e => Failures.Add(e) });
        Service = new PodmanService(_client, time, () => ResetDone.TrySetResult(), versionCache);
        Service.Register(_server);
        Address = "unix:" + _dir.File("io.podman");
        _server.Listen(Address);
    }

    public FakeLibpod Libpod { get; }

    internal PodmanService Service { get; }

    public string Address { get; }

    /// <summary>Connections that ended in a failure: there must be none.</summary>
    public List<Exception> Failures { get; } = [];

    public TaskCompletionSource ResetDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task<ServiceHarness> StartAsync(TimeProvider? time = null) => StartAsync(versionCache: null, time);

    /// <summary>A service with a version cache (<see cref="VersionCache"/>).</summary>
    internal static async Task<ServiceHarness> StartAsync(VersionCache? versionCache, TimeProvider? time = null)
        => new(await FakeLibpod.StartAsync(), time, versionCache);

    public ValueTask<VarlinkConnection> ConnectAsync() => VarlinkConnection.ConnectAsync(Address);

    /// <summary>One call on a new connection; parameters as JSON text.</summary>
    public async Task<JsonElement> CallAsync(string method, string parameters = "{}")
    {
        await using var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = await connection.CallAsync("io.podman." + method, Json(parameters), timeout.Token);
        return reply.Clone();
    }

    /// <summary>A call expected to fail: the error reply.</summary>
    public async Task<VarlinkRemoteException> CallErrorAsync(string method, string parameters = "{}")
        => await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => CallAsync(method, parameters));

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        await Libpod.DisposeAsync();
        _dir.Dispose();
    }
}
