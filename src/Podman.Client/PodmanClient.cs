using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Podman.Client.Varlink;
using Varlink;
using Varlink.Ssh;

namespace Podman.Client;

/// <summary>
/// A typed client for podman through io.podman (varlink), over SSH or a local socket. Calls are grouped by
/// resource: <see cref="Containers"/>, <see cref="Images"/>, <see cref="Pods"/>, <see cref="Volumes"/>,
/// <see cref="System"/>, <see cref="Events"/>.
/// </summary>
/// <remarks>
/// Thread-safe; one per application is enough. Calls share one pipelined connection that is reopened when it
/// fails; read-only calls are retried on a new connection, calls that change state never are. Streams
/// (events, logs, stats, pull progress) end when the service ends them or their enumeration is cancelled.
/// Varlink has no cancel message: cancelling a call that was already sent closes its connection.
/// </remarks>
public sealed class PodmanClient : IAsyncDisposable
{
    /// <summary>The <see cref="global::System.Diagnostics.ActivitySource"/> of the facade's calls (tags <c>podman.method</c>, <c>podman.object_id</c>).</summary>
    public const string ActivitySourceName = "Podman.Client";

    private readonly IAsyncDisposable? _owned;

    /// <summary>Connects (lazily, at the first call) where <paramref name="options"/> say, or the environment and podman-remote.conf.</summary>
    /// <param name="options">Where and how; defaults (address from the environment) when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <exception cref="ArgumentException">An option is wrong; the exception names it.</exception>
    /// <exception cref="PodmanConnectionException">No address could be found.</exception>
    public PodmanClient(PodmanClientOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(CreateVarlinkClient(options ?? new PodmanClientOptions(), loggerFactory ?? NullLoggerFactory.Instance, out var connection), loggerFactory, ownsCaller: true)
    {
        Connection = connection;
    }

    /// <summary>A client over an existing varlink caller (a <see cref="VarlinkClient"/> or <see cref="VarlinkConnection"/>).</summary>
    /// <param name="caller">Carries the calls to io.podman.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="ownsCaller">Dispose <paramref name="caller"/> (when it is disposable) with this client.</param>
    public PodmanClient(IVarlinkCaller caller, ILoggerFactory? loggerFactory = null, bool ownsCaller = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _owned = ownsCaller ? caller as IAsyncDisposable : null;
        var invoker = new PodmanInvoker(new PodmanProxy(caller), (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PodmanClient>());
        Containers = new ContainersClient(invoker);
        Images = new ImagesClient(invoker);
        Pods = new PodsClient(invoker);
        Volumes = new VolumesClient(invoker);
        System = new SystemClient(invoker);
        Events = new EventsClient(invoker);
    }

    /// <summary>Where this client connects (null when it was given a caller).</summary>
    public PodmanConnection? Connection { get; }

    /// <summary>Containers: create, start, logs, stats, exec, attach, stop, remove, ….</summary>
    public ContainersClient Containers { get; }

    /// <summary>Images: pull, push, build, tag, list, remove, ….</summary>
    public ImagesClient Images { get; }

    /// <summary>Pods.</summary>
    public PodsClient Pods { get; }

    /// <summary>Volumes.</summary>
    public VolumesClient Volumes { get; }

    /// <summary>podman itself: version, info, reset, file transfer.</summary>
    public SystemClient System { get; }

    /// <summary>podman's event stream.</summary>
    public EventsClient Events { get; }

    /// <summary>The io.podman methods that only read, so a call that lost its connection may safely be sent again.</summary>
    public static IReadOnlySet<string> IdempotentMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetVersion", "GetInfo", "ListContainers", "Ps", "GetContainersByStatus", "Top", "GetContainer", "GetContainersByContext",
        "InspectContainer", "ListContainerProcesses", "ListContainerChanges", "GetContainerStats", "GetContainerStatsWithHistory",
        "GetAttachSockets", "WaitContainer", "ListImages", "ListImagesWithFilters", "GetImage", "InspectImage", "HistoryImage",
        "SearchImages", "ListPods", "GetPod", "InspectPod", "TopPod", "GetPodStats", "GetPodsByStatus", "ImageExists", "ImageTree",
        "ContainerExists", "ListContainerMounts", "ContainerConfig", "ContainerArtifacts", "ContainerInspectData", "ContainerStateData",
        "PodStateData", "Spec", "GetVolumes", "InspectVolume", "GetPodsByContext", "Diff", "GetLayersMapWithImageInfo", "BuildImageHierarchyMap",
    };

    /// <summary>Closes the connection (streams still enumerating fail).</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The transport for a resolved connection: SSH (verified host key), a bridge command, or a core varlink address.</summary>
    internal static IVarlinkTransport CreateTransport(PodmanConnection connection, PodmanClientOptions options, ILoggerFactory loggerFactory)
    {
        if (connection.BridgeCommand is { } bridge)
        {
            return ProcessTransport.FromShellCommand(bridge);
        }

        var address = connection.Address!;
        if (!address.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return VarlinkAddress.CreateTransport(address);
        }

        var ssh = SshVarlinkOptions.FromAddress(address);
        ssh.SocketPath ??= PodmanConnectionResolver.DefaultSocketPath;
        ssh.ConnectTimeout = options.ConnectTimeout;
        ssh.KnownHostsFile = options.KnownHostsFile;
        foreach (var fingerprint in options.HostKeyFingerprints)
        {
            ssh.HostKeyFingerprints.Add(fingerprint);
        }

        foreach (var file in options.IdentityFiles)
        {
            ssh.PrivateKeyFiles.Add(file);
        }

        if (connection.IdentityFile is { } identity && ssh.PrivateKeyFiles.Count == 0)
        {
            ssh.PrivateKeyFiles.Add(identity);
        }

        ssh.UseAgent = ssh.PrivateKeyFiles.Count == 0;
        ssh.Validate();
        return new SshVarlinkTransport(ssh, loggerFactory.CreateLogger<SshVarlinkTransport>());
    }

    /// <summary>The varlink client settings: retries, and the read-only methods that may be retried.</summary>
    internal static VarlinkClientOptions CreateVarlinkOptions(PodmanClientOptions options)
    {
        var varlink = new VarlinkClientOptions
        {
            ConnectRetries = options.ConnectRetries,
            IdempotentCallRetries = options.IdempotentCallRetries,
        };
        foreach (var method in IdempotentMethods)
        {
            varlink.IdempotentMethods.Add(PodmanProxy.InterfaceName + "." + method);
        }

        return varlink;
    }

    private static VarlinkClient CreateVarlinkClient(PodmanClientOptions options, ILoggerFactory loggerFactory, out PodmanConnection connection)
    {
        options.Validate();
        connection = PodmanConnectionResolver.Resolve(options);
        var transport = CreateTransport(connection, options, loggerFactory);
        return new VarlinkClient(transport, CreateVarlinkOptions(options), loggerFactory.CreateLogger<VarlinkClient>(), ownsTransport: true);
    }
}
