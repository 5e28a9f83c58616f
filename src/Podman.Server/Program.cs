using System.Runtime.InteropServices;
using Podman.Server;
using Podman.Server.Libpod;
using Podman.Server.Resolver;
using Podman.Server.Service;
using Varlink;

if (args is ["--help" or "-h"])
{
    Console.Out.Write(ServerCommandLine.Usage);
    return 0;
}

var options = ServerCommandLine.Parse(args, out var error);
if (options is null)
{
    Console.Error.Write($"podman-server: {error}\n{ServerCommandLine.Usage}");
    return 64;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });

using var libpod = new LibpodClient(options.LibpodSocket);
var serverOptions = new VarlinkServerOptions
{
    Vendor = "boot2podman",
    Product = "podman",
    Version = PodmanService.InterfaceVersion,
    Url = "https://github.com/containers/libpod",
    ConnectionFailed = e => Console.Error.WriteLine($"podman-server: a connection failed: {e.Message}"),
};
await using var server = new VarlinkServer(serverOptions);
// GetVersion's answer from an earlier boot of the same podman build, if there is one (see VersionCache).
var versionCache = options is { VersionCache: { } cacheFile, VersionCacheKey: { } keyFile }
    ? VersionCache.Open(cacheFile, keyFile, warning => Console.Error.WriteLine($"podman-server: {warning}"))
    : null;
var service = new PodmanService(libpod, resetDone: () => stop.TrySetResult(), versionCache: versionCache);
service.Register(server);
await using var resolverServer = new VarlinkServer(new VarlinkServerOptions { Vendor = "boot2podman", Product = "org.varlink.resolver" });
try
{
    EnsureSocketDirectory(options.Listen);
    server.Listen(options.Listen);
    if (options.Resolver is { } resolverAddress)
    {
        new ResolverService(new Dictionary<string, string> { [PodmanService.InterfaceName] = WithoutProperties(options.Listen) }).AddTo(resolverServer);
        EnsureSocketDirectory(resolverAddress);
        resolverServer.Listen(resolverAddress);
    }
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or FormatException)
{
    Console.Error.WriteLine($"podman-server: cannot listen: {e.Message}");
    return 71;
}

Console.Error.WriteLine($"podman-server: io.podman on {WithoutProperties(options.Listen)}, libpod at {options.LibpodSocket}"
    + (options.Resolver is { } r ? $", org.varlink.resolver on {WithoutProperties(r)}" : ""));
// libpod's /version runs conmon and the OCI runtime (seconds under TCG): asked now, while the appliance's readiness
// check is still on its way, its first GetVersion finds the answer there or coming. With a valid version cache the
// answer is already there and the warm-up asks nothing.
_ = service.WarmUpAsync();
await stop.Task.ConfigureAwait(false);

// Graceful: each connection finishes the call it is handling (Reset's reply is sent), then closes.
using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
await Task.WhenAll(server.StopAsync(grace.Token), resolverServer.StopAsync(grace.Token)).ConfigureAwait(false);
return 0;

static string WithoutProperties(string address) => address.Split(';', 2)[0];

static void EnsureSocketDirectory(string address)
{
    if (address.StartsWith("unix:/", StringComparison.Ordinal) && Path.GetDirectoryName(WithoutProperties(address)["unix:".Length..]) is { Length: > 0 } directory && !Directory.Exists(directory))
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
