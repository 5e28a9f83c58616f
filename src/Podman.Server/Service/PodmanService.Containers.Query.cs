using System.Globalization;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>Containers, list and query: ListContainers, Ps, GetContainer, GetContainersByStatus, GetContainersByContext, ContainerExists, the inspect-style JSON methods, Top, changes, mounts, stats, HealthCheckRun.</summary>
internal sealed partial class PodmanService
{
    protected override async ValueTask<IReadOnlyList<Container>> ListContainersAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await _libpod.ListContainersAsync(all: true, size: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ToContainersAsync(entries, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private async Task<List<Container>> ToContainersAsync(List<LibpodContainerListEntry> entries, CancellationToken cancellationToken)
    {
        var containers = new List<Container>(entries.Count);
        foreach (var entry in entries)
        {
            LibpodContainerInspect? inspect = null;
            try
            {
                inspect = (await _libpod.InspectContainerAsync(entry.Id, cancellationToken: cancellationToken).ConfigureAwait(false)).Inspect;
            }
            catch (LibpodException e) when (e.IsNotFound)
            {
                continue; // removed since the list was made
            }

            containers.Add(ContainerShapes.ToContainer(entry, inspect, ReadSpecFile(inspect), GoTime.NowNanoseconds(_time)));
        }

        return containers;
    }

    /// <summary>The container's OCI spec (<c>config.json</c>, written at init), or an undefined element when there is none.</summary>
    private static JsonElement ReadSpecFile(LibpodContainerInspect inspect)
    {
        if (inspect.OciConfigPath.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(inspect.OciConfigPath));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return default;
        }
    }

    protected override async ValueTask<IReadOnlyList<PsContainer>> PsAsync(PsOpts opts, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (opts.Last is > 0)
            {
                throw new ErrorOccurredException("--last not yet supported");
            }

            bool latest = opts.Latest == true;
            bool all = opts.All || latest || opts.Last is > 0;
            var filters = latest ? null : PsFilters(opts.Filters);
            var entries = await _libpod.ListContainersAsync(all, opts.Size == true, filters, latest ? 1 : null, opts.Sync == true, cancellationToken).ConfigureAwait(false);
            var now = GoTime.NowNanoseconds(_time);

            // Without --all 1.9 listed running containers only, and no infra containers (REST includes running ones).
            return [.. entries.Where(e => all || !e.IsInfra).Select(e => ContainerShapes.ToPsContainer(e, opts.NoTrunc == true, opts.Pod == true, now))];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>1.9's <c>key=value</c> filters → libpod's filter map, state names translated (<c>stopped</c> is 4.3's <c>exited</c>).</summary>
    internal static Dictionary<string, List<string>>? PsFilters(IReadOnlyList<string>? filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return null;
        }

        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ErrorOccurredException($"invalid filter \"{filter}\": filters are key=value");
            }

            var key = filter[..eq];
            var value = filter[(eq + 1)..];
            if (key == "status")
            {
                value = value == "stopped" ? "exited" : ContainerStates.ToV4(value) ?? throw new ErrorOccurredException($"{value} is not a valid status");
            }

            if (!map.TryGetValue(key, out var values))
            {
                map[key] = values = [];
            }

            values.Add(value);
        }

        return map;
    }

    protected override async ValueTask<Container> GetContainerAsync(string id, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(id, false, cancellationToken).ConfigureAwait(false);
            var filters = new Dictionary<string, List<string>> { ["id"] = [inspect.Id] };
            var entry = (await _libpod.ListContainersAsync(all: true, size: true, filters, cancellationToken: cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                ?? throw new ContainerNotFoundException(id, "no such container");
            return ContainerShapes.ToContainer(entry, inspect, ReadSpecFile(inspect), GoTime.NowNanoseconds(_time));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, id);
        }
    }

    protected override async ValueTask<IReadOnlyList<Container>> GetContainersByStatusAsync(IReadOnlyList<string> status, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var states = new List<string>();
            foreach (var name in status ?? [])
            {
                states.Add(ContainerStates.ToV4(name) ?? throw new ErrorOccurredException($"{name} is not a valid status"));
            }

            if (states.Count == 0)
            {
                return [];
            }

            var filters = new Dictionary<string, List<string>> { ["status"] = states };
            var entries = await _libpod.ListContainersAsync(all: true, size: true, filters, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await ToContainersAsync(entries, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// Resolves podman-remote's <c>--all</c>, <c>--latest</c> and names to full IDs: one list call, then
    /// names, ID prefixes and full IDs matched locally. A name that matches nothing fails the whole call.
    /// </summary>
    protected override async ValueTask<IReadOnlyList<string>> GetContainersByContextAsync(bool all, bool latest, IReadOnlyList<string> args, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await _libpod.ListContainersAsync(all: true, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (all)
            {
                return [.. entries.Select(e => e.Id)];
            }

            if (latest)
            {
                var newest = entries.Select(e => (Entry: e, Created: GoTime.TryParse(e.Created, out var ns) ? ns : long.MinValue))
                    .OrderByDescending(e => e.Created).Select(e => e.Entry).FirstOrDefault()
                    ?? throw new ContainerNotFoundException("", "no such container");
                return [newest.Id];
            }

            var ids = new List<string>();
            foreach (var arg in args ?? [])
            {
                ids.Add(Resolve(entries, arg) ?? throw new ContainerNotFoundException("", $"no container with name or ID \"{arg}\" found: no such container"));
            }

            return ids;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>libpod's lookup rule: a full ID, then an exact name, then a unique ID prefix.</summary>
    private static string? Resolve(List<LibpodContainerListEntry> entries, string nameOrId)
    {
        if (nameOrId.Length == 0)
        {
            return null;
        }

        if (entries.FirstOrDefault(e => e.Id == nameOrId) is { } byId)
        {
            return byId.Id;
        }

        if (entries.FirstOrDefault(e => e.Names?.Contains(nameOrId) == true) is { } byName)
        {
            return byName.Id;
        }

        var prefixed = entries.Where(e => e.Id.StartsWith(nameOrId, StringComparison.Ordinal)).Take(2).ToList();
        return prefixed.Count == 1 ? prefixed[0].Id : null;
    }

    protected override async ValueTask<long> ContainerExistsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return string.IsNullOrEmpty(name) ? 1 : await _libpod.ContainerExistsAsync(name, cancellationToken).ConfigureAwait(false) ? 0 : 1;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<string> InspectContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (_, json) = await InspectOrNotFoundAsync(name, true, cancellationToken).ConfigureAwait(false);
            return InspectShapes.ToV1Inspect(json);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> ContainerInspectDataAsync(string name, bool size, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (_, json) = await InspectOrNotFoundAsync(name, size, cancellationToken).ConfigureAwait(false);
            return InspectShapes.ToV1Inspect(json);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> ContainerStateDataAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var mounted = await _libpod.ShowMountedAsync(cancellationToken).ConfigureAwait(false);
            return InspectShapes.ToStateData(inspect, mounted.TryGetValue(inspect.Id, out var mountPoint) ? mountPoint : "");
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> ContainerConfigAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, json) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var spec = ReadSpecFile(inspect);
            if (spec.ValueKind != JsonValueKind.Object)
            {
                using var synthesized = JsonDocument.Parse(InspectShapes.SynthesizeSpec(inspect));
                spec = synthesized.RootElement.Clone();
            }

            return InspectShapes.ToConfig(inspect, spec, NetNsContainer(json));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>The container whose network namespace this one joins (<c>HostConfig.NetworkMode</c> <c>container:ID</c>), or "".</summary>
    private static string NetNsContainer(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("HostConfig", out var host) && host.TryGetProperty("NetworkMode", out var mode)
            && mode.ValueKind == JsonValueKind.String && mode.GetString() is { } text && text.StartsWith("container:", StringComparison.Ordinal)
            ? text["container:".Length..]
            : "";
    }

    /// <summary>The OCI spec as a JSON string: <c>config.json</c> once the container was initialised, otherwise built from inspect. A lookup failure is ErrorOccurred, as in 1.9.</summary>
    protected override async ValueTask<string> SpecAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrErrorAsync(name, cancellationToken).ConfigureAwait(false);
            var spec = ReadSpecFile(inspect);
            return spec.ValueKind == JsonValueKind.Object ? spec.GetRawText() : InspectShapes.SynthesizeSpec(inspect);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Reads <c>&lt;StaticDir&gt;/artifacts/&lt;name&gt;</c> (4.3 leaves it empty, so the usual answer is ErrorOccurred, as 1.9 gave for a missing one).</summary>
    protected override async ValueTask<string> ContainerArtifactsAsync(string name, string artifactName, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var directory = Path.Combine(inspect.StaticDir, "artifacts");
            var file = Path.GetFullPath(Path.Combine(directory, artifactName ?? ""));
            if (inspect.StaticDir.Length == 0 || string.IsNullOrEmpty(artifactName) || !file.StartsWith(directory + "/", StringComparison.Ordinal) || !File.Exists(file))
            {
                throw new ErrorOccurredException("unable to get container artifacts");
            }

            var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);

            // 1.9 sent the JSON encoding of the bytes: a base64 JSON string.
            return JsonSerializer.Serialize(Convert.ToBase64String(bytes), LibpodJsonContext.Default.String);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<IReadOnlyList<string>> TopAsync(string nameOrID, IReadOnlyList<string> descriptors, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var psArgs = descriptors is { Count: > 0 } ? string.Join(',', descriptors.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries))) : null;
            return await TopLinesAsync(nameOrID, psArgs, "top can only be used on running containers", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, nameOrID);
        }
    }

    protected override async ValueTask<IReadOnlyList<string>> ListContainerProcessesAsync(string name, IReadOnlyList<string> opts, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            // 1.9 used opts only when it had more than one element.
            var psArgs = opts is { Count: > 1 } ? string.Join(',', opts) : "user,pid,ppid,pcpu,etime,tty,time,comm";
            return await TopLinesAsync(name, psArgs, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>Top's table as 1.9 sent it: tab-separated lines, the header first; the container must be running.</summary>
    private async Task<List<string>> TopLinesAsync(string name, string? psArgs, string? notRunning, CancellationToken cancellationToken)
    {
        var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
        if (!ContainerStates.IsRunning(inspect.State.Status))
        {
            throw new ErrorOccurredException(notRunning ?? $"container {inspect.Id} is not running");
        }

        var top = await _libpod.TopAsync(inspect.Id, psArgs, cancellationToken).ConfigureAwait(false);
        var lines = new List<string> { string.Join('\t', top.Titles ?? []) };
        lines.AddRange((top.Processes ?? []).Select(p => string.Join('\t', p)));
        return lines;
    }

    /// <summary>Changes bucketed as 1.9 did; every failure (not found included) is ErrorOccurred.</summary>
    protected override async ValueTask<ContainerChanges> ListContainerChangesAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var changes = await _libpod.ChangesAsync(name, cancellationToken).ConfigureAwait(false);
            return new ContainerChanges
            {
                Changed = [.. changes.Where(c => c.Kind == 0).Select(c => c.Path)],
                Added = [.. changes.Where(c => c.Kind == 1).Select(c => c.Path)],
                Deleted = [.. changes.Where(c => c.Kind == 2).Select(c => c.Path)],
            };
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Diff of a container, or of an image when no container has the name; ErrorOccurred on failure, as 1.9.</summary>
    protected override async ValueTask<IReadOnlyList<DiffInfo>> DiffAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            List<LibpodChange> changes;
            try
            {
                changes = await _libpod.ChangesAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (LibpodException e) when (e.IsNotFound)
            {
                changes = await _libpod.ImageChangesAsync(name, cancellationToken).ConfigureAwait(false);
            }

            return [.. changes.Select(c => new DiffInfo { Path = c.Path, ChangeType = c.Kind switch { 1 => "A", 2 => "D", _ => "C" } })];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<IReadOnlyDictionary<string, string>> ListContainerMountsAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await _libpod.ShowMountedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>One stats sample; inspect first: REST gives zeros for a stopped container and an empty 200 for an unknown one.</summary>
    protected override async ValueTask<ContainerStats> GetContainerStatsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var sample = await SampleStatsAsync(name, noContainerRunning: true, cancellationToken).ConfigureAwait(false);
            return ToStats(sample, sample.Cpu);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>CPU % against the client's previous sample: (cpu_nano − prev) ÷ (system_nano − prev) × 100.</summary>
    protected override async ValueTask<ContainerStats> GetContainerStatsWithHistoryAsync(ContainerStats previousStats, VarlinkCall call, CancellationToken cancellationToken)
    {
        var name = previousStats?.Id ?? "";
        try
        {
            var sample = await SampleStatsAsync(name, noContainerRunning: false, cancellationToken).ConfigureAwait(false);
            double cpu = 0;
            long systemDelta = sample.SystemNano - (previousStats?.SystemNano ?? 0);
            if (previousStats is not null && systemDelta > 0)
            {
                cpu = (sample.CpuNano - previousStats.CpuNano) / (double)systemDelta * 100;
            }

            return ToStats(sample, cpu);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    private async Task<LibpodContainerStats> SampleStatsAsync(string name, bool noContainerRunning, CancellationToken cancellationToken)
    {
        var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
        if (!ContainerStates.IsRunning(inspect.State.Status))
        {
            throw noContainerRunning ? new NoContainerRunningException() : new ErrorOccurredException($"container {inspect.Id} is not running");
        }

        var report = await _libpod.StatsAsync(inspect.Id, cancellationToken).ConfigureAwait(false);
        return report.Stats?.FirstOrDefault(s => s.ContainerId == inspect.Id) ?? report.Stats?.FirstOrDefault()
            ?? throw new ErrorOccurredException($"podman gave no stats for container {inspect.Id}");
    }

    private static ContainerStats ToStats(LibpodContainerStats sample, double cpu) => new()
    {
        Id = sample.ContainerId,
        Name = sample.Name,
        Cpu = cpu,
        CpuNano = sample.CpuNano,
        SystemNano = sample.SystemNano,
        MemUsage = sample.MemUsage,
        MemLimit = sample.MemLimit,
        MemPerc = sample.MemPerc,
        NetInput = sample.NetInput,
        NetOutput = sample.NetOutput,
        BlockOutput = sample.BlockOutput,
        BlockInput = sample.BlockInput,
        Pids = sample.Pids,
    };

    /// <summary>"healthy" when the check passed, "unhealthy" otherwise; every error (not found, no healthcheck, not running) is ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask<string> HealthCheckRunAsync(string nameOrID, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _libpod.HealthCheckAsync(nameOrID, cancellationToken).ConfigureAwait(false);
            return result.Status == "healthy" ? "healthy" : "unhealthy";
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }
}
