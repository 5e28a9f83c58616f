using System.Text;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>System: GetVersion, GetInfo, Reset.</summary>
internal sealed partial class PodmanService
{
    /// <summary>The io.podman version this service speaks (GetVersion's <c>version</c>).</summary>
    public const string InterfaceVersion = "1.9.3";

    /// <summary>GetVersion's <c>remote_api_version</c>: 1.9.3's varlink API.</summary>
    private const long RemoteApiVersion = 1;

    // GetVersion's reply, once libpod has answered: podman 1.9.3 answered from constants compiled into it,
    // and podman 4.3's /libpod/version runs conmon and the OCI runtime to ask theirs (seconds under TCG), so
    // the service asks once and answers every later call (every readiness check) from that. The engine does not
    // change under a running service (a new podman means a new appliance). One request at a time: calls that
    // come while it runs (and the warm-up) share it; a failed one is asked again by the next call.
    // With a version cache (the same podman build answered on an earlier boot) it is that answer from the start,
    // and libpod is not asked at all; otherwise libpod's answer is written to the cache for the next boot.
    private readonly Lock _versionGate = new();
    private readonly VersionCache? _versionCache;
    private Task<GetVersionReply>? _version;   // guarded by _versionGate

    /// <summary>
    /// Asks libpod for its version now, so that the first GetVersion (the appliance's readiness check) finds it
    /// answered or on its way; failures are left to the calls (they ask again). With a valid version cache the
    /// answer is already there and libpod is not asked.
    /// </summary>
    public async Task WarmUpAsync()
    {
        try
        {
            await VersionAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            // The first call asks again and reports it.
        }
    }

    protected override async ValueTask<GetVersionReply> GetVersionAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await VersionAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private Task<GetVersionReply> VersionAsync()
    {
        lock (_versionGate)
        {
            if (_version is null || _version.IsFaulted || _version.IsCanceled)
            {
                _version = FetchAndKeepVersionAsync();
            }

            return _version;
        }
    }

    /// <summary>The version cache's reply, when it holds one for this podman build that says what this service speaks.</summary>
    private Task<GetVersionReply>? CachedVersion()
        => _versionCache?.TryRead() is { Version: InterfaceVersion, RemoteApiVersion: RemoteApiVersion } cached ? Task.FromResult(cached) : null;

    private async Task<GetVersionReply> FetchAndKeepVersionAsync()
    {
        var reply = await FetchVersionAsync().ConfigureAwait(false);
        _versionCache?.Write(reply);
        return reply;
    }

    private async Task<GetVersionReply> FetchVersionAsync()
    {
        var version = await _libpod.GetVersionAsync(CancellationToken.None).ConfigureAwait(false);
        return new GetVersionReply
        {
            // The interface served is 1.9.3's (remote API 1); the engine's own version is GetInfo's podman_version.
            Version = InterfaceVersion,
            GoVersion = version.GoVersion,
            GitCommit = version.GitCommit,
            Built = version.BuildTime.Length > 0 ? GoTime.ToSeconds(version.BuildTime) : GoTime.Zero,
            OsArch = $"{version.Os}/{version.Arch}",
            RemoteApiVersion = RemoteApiVersion,
        };
    }

    protected override async ValueTask<PodmanInfo> GetInfoAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var info = await _libpod.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            return ToPodmanInfo(info);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    internal static PodmanInfo ToPodmanInfo(LibpodInfo info)
    {
        var host = info.Host;
        var store = info.Store;
        string Status(string key) => store.GraphStatus is { } status && status.TryGetValue(key, out var value) ? value : "";
        var (search, insecure, blocked) = Registries(info.Registries);
        return new PodmanInfo
        {
            Host = new InfoHost
            {
                BuildahVersion = host.BuildahVersion,
                Distribution = new InfoDistribution { Distribution = host.Distribution.Distribution, Version = host.Distribution.Version },
                MemFree = host.MemFree,
                MemTotal = host.MemTotal,
                SwapFree = host.SwapFree,
                SwapTotal = host.SwapTotal,
                Arch = host.Arch,
                Cpus = host.Cpus,
                Hostname = host.Hostname,
                Kernel = host.Kernel,
                Os = host.Os,
                Uptime = host.Uptime,
                Eventlogger = host.EventLogger,
            },
            Registries = new InfoRegistry { Search = search, Insecure = insecure, Blocked = blocked },
            Store = new InfoStore
            {
                Containers = store.ContainerStore.Number,
                Images = store.ImageStore.Number,
                GraphDriverName = store.GraphDriverName,
                GraphDriverOptions = GoMap(store.GraphOptions),
                GraphRoot = store.GraphRoot,
                GraphStatus = new InfoGraphStatus
                {
                    BackingFilesystem = Status("Backing Filesystem"),
                    NativeOverlayDiff = Status("Native Overlay Diff"),
                    SupportsDType = Status("Supports d_type"),
                },
                RunRoot = store.RunRoot,
            },
            Podman = new InfoPodmanBinary
            {
                Compiler = "gc",
                GoVersion = info.Version.GoVersion,
                PodmanVersion = info.Version.Version,
                GitCommit = info.Version.GitCommit,
            },
        };
    }

    /// <summary>libpod's <c>registries</c> map: <c>search</c> is the list, every other key a registry whose <c>Insecure</c>/<c>Blocked</c> flags name it.</summary>
    private static (List<string> Search, List<string> Insecure, List<string> Blocked) Registries(JsonElement registries)
    {
        List<string> search = [], insecure = [], blocked = [];
        if (registries.ValueKind != JsonValueKind.Object)
        {
            return (search, insecure, blocked);
        }

        foreach (var property in registries.EnumerateObject())
        {
            if (property.NameEquals("search") && property.Value.ValueKind == JsonValueKind.Array)
            {
                search.AddRange(property.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                if (Flag(property.Value, "Insecure"))
                {
                    insecure.Add(property.Name);
                }

                if (Flag(property.Value, "Blocked"))
                {
                    blocked.Add(property.Name);
                }
            }
        }

        return (search, insecure, blocked);

        static bool Flag(JsonElement registry, string name)
            => registry.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.True);
    }

    /// <summary>Go's <c>%v</c> of a <c>map[string]string</c>: <c>map[]</c>, or <c>map[a:1 b:2]</c> with sorted keys.</summary>
    internal static string GoMap(Dictionary<string, JsonElement>? map)
    {
        var builder = new StringBuilder("map[");
        var first = true;
        foreach (var (key, value) in (map ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append(first ? "" : " ").Append(key).Append(':')
                .Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            first = false;
        }

        return builder.Append(']').ToString();
    }

    /// <summary>
    /// Removes every pod, container, image and volume (forced), as 1.9's <c>Runtime.Reset</c> did, then
    /// lets the program stop serving: 1.9's service exited after answering, and clients expect it to go away.
    /// </summary>
    protected override async ValueTask ResetAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var pod in await _libpod.ListPodsAsync(cancellationToken).ConfigureAwait(false))
            {
                await _libpod.RemovePodAsync(pod.Id, force: true, cancellationToken).ConfigureAwait(false);
            }

            foreach (var container in await _libpod.ListContainersAsync(all: true, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await IgnoreNotFound(_libpod.RemoveContainerAsync(container.Id, force: true, volumes: true, cancellationToken)).ConfigureAwait(false);
            }

            foreach (var image in await _libpod.ListImagesAsync(cancellationToken).ConfigureAwait(false))
            {
                await IgnoreNotFound(_libpod.RemoveImageAsync(image.Id, force: true, cancellationToken)).ConfigureAwait(false);
            }

            foreach (var volume in await _libpod.ListVolumesAsync(cancellationToken).ConfigureAwait(false))
            {
                await IgnoreNotFound(_libpod.RemoveVolumeAsync(volume.Name, force: true, cancellationToken)).ConfigureAwait(false);
            }

            await _libpod.PruneSystemAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }

        _resetDone();
    }

    /// <summary>An object removed meanwhile (an image that went with its last tag, a container with its pod) is not a failure of Reset.</summary>
    private static async Task IgnoreNotFound(Task removal)
    {
        try
        {
            await removal.ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsNotFound)
        {
        }
    }
}
