using System.Globalization;
using System.Net;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Pods: CreatePod, ListPods, GetPod, GetPodsByStatus, GetPodsByContext, InspectPod, PodStateData,
/// Start/Stop/Restart/Kill/Pause/Unpause/RemovePod, TopPod, GetPodStats. Status is recomputed from
/// the containers by 1.9's rule (4.3's <c>Degraded</c> is 1.9's Running); every pod is created with
/// <c>share_parent: false</c>, which podman 4.3.1 on the appliance's kernel needs for its infra container.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>1.9's checks, then the pod (its own cgroup under the parent, namespaces shared as asked); returns its ID.</summary>
    protected override async ValueTask<string> CreatePodAsync(PodCreate create, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (create is null)
            {
                throw VarlinkServiceErrors.CreateInvalidParameter("create");
            }

            // podman-remote sends --share as one comma-separated item.
            var share = (create.Share ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (share.Count > 0 && !create.Infra)
            {
                throw new ErrorOccurredException("You cannot share kernel namespaces on the pod level without an infra container");
            }

            if (create.Infra && share.Count == 0)
            {
                throw new ErrorOccurredException("You must share kernel namespaces to run an infra container");
            }

            if (create.Publish is { Count: > 0 } && !create.Infra)
            {
                throw new ErrorOccurredException("You must have an infra container to publish port bindings to the host");
            }

            // infraCommand and infraImage are ignored, as 1.9 did (podman-remote even swaps them).
            var spec = new PodSpecGenerator
            {
                Name = create.Name ?? "",
                ShareParent = false,
                Labels = create.Labels is { Count: > 0 } labels ? labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : null,
                CgroupParent = string.IsNullOrEmpty(create.CgroupParent) ? null : create.CgroupParent,
                NoInfra = !create.Infra,
                SharedNamespaces = share.Count > 0 ? share : null,
                PortMappings = create.Publish is { Count: > 0 } publish ? [.. publish.Select(p => CreateMapper.Port(p))] : null,
            };
            return await _libpod.CreatePodAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<IReadOnlyList<ListPodData>> ListPodsAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await _libpod.PodsAsync(null, cancellationToken).ConfigureAwait(false)).Select(PodShapes.ToListPodData)];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<ListPodData> GetPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return PodShapes.ToListPodData(await InspectPodOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>The IDs of the pods whose 1.9 status is one of <paramref name="statuses"/>.</summary>
    protected override async ValueTask<IReadOnlyList<string>> GetPodsByStatusAsync(IReadOnlyList<string> statuses, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var wanted = new HashSet<string>(statuses ?? [], StringComparer.Ordinal);
            return [.. (await _libpod.PodsAsync(null, cancellationToken).ConfigureAwait(false))
                .Where(p => wanted.Contains(PodShapes.Status(p.Containers.Select(c => c.Status))))
                .Select(p => p.Id)];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Full pod IDs: every pod (<c>all</c>), the newest (<c>latest</c>), or each named one; any failed lookup is ErrorOccurred (no partial list), as 1.9.</summary>
    protected override async ValueTask<IReadOnlyList<string>> GetPodsByContextAsync(bool all, bool latest, IReadOnlyList<string> args, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (all || latest)
            {
                var pods = await _libpod.PodsAsync(null, cancellationToken).ConfigureAwait(false);
                if (all)
                {
                    return [.. pods.Select(p => p.Id)];
                }

                return pods.Count == 0
                    ? throw new ErrorOccurredException("no pods to find: no such pod")
                    : [NewestPod(pods).Id];
            }

            List<string> ids = [];
            foreach (var name in args ?? [])
            {
                ids.Add((await _libpod.InspectPodAsync(name, cancellationToken).ConfigureAwait(false)).Id);
            }

            return ids;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    private static LibpodPod NewestPod(IEnumerable<LibpodPod> pods)
        => pods.MaxBy(p => GoTime.TryParse(p.Created, out var ns) ? ns : long.MinValue)!;

    protected override async ValueTask<string> InspectPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return PodShapes.ToInspect(await InspectPodOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>As InspectPod, but a failed lookup is ErrorOccurred (as 1.9): podman-remote's pod ps, inspect and top use it.</summary>
    protected override async ValueTask<string> PodStateDataAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return PodShapes.ToInspect(await _libpod.InspectPodAsync(name ?? "", cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<string> StartPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "start", null, cancellationToken).ConfigureAwait(false);

    /// <summary><c>timeout</c> −1 uses each container's own stop timeout (no <c>t</c> sent).</summary>
    protected override async ValueTask<string> StopPodAsync(string name, long timeout, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "stop", timeout >= 0 ? "?t=" + timeout.ToString(CultureInfo.InvariantCulture) : null, cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<string> RestartPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "restart", null, cancellationToken).ConfigureAwait(false);

    /// <summary><c>signal</c> −1 is SIGTERM, as 1.9 (libpod's own default would be SIGKILL).</summary>
    protected override async ValueTask<string> KillPodAsync(string name, long signal, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "kill", "?signal=" + (signal == -1 ? 15 : signal).ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<string> PausePodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "pause", null, cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<string> UnpausePodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await PodVerbAsync(name, "unpause", null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A pod verb: PodNotFound for an unknown pod, NoContainersInPod for an empty one, PodContainerError
    /// naming each container that failed (one reply: 1.9 also sent the normal one after it); a 304 (already
    /// in that state) is success. Returns the pod's ID.
    /// </summary>
    private async Task<string> PodVerbAsync(string name, string verb, string? query, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await InspectPodOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            if (pod.Containers.Count == 0)
            {
                throw new NoContainersInPodException(name);
            }

            try
            {
                var (status, report) = await _libpod.PodActionAsync(pod.Id, verb, query, cancellationToken).ConfigureAwait(false);
                if (status == HttpStatusCode.Conflict || report.Errs is { Count: > 0 })
                {
                    throw new PodContainerErrorException(pod.Id, PodShapes.Errors(report.Errs ?? []));
                }
            }
            catch (LibpodException e) when (e.Message.Contains("no containers in pod", StringComparison.Ordinal))
            {
                throw new NoContainersInPodException(name);
            }
            catch (LibpodException e) when (e.IsNotFound)
            {
                throw new PodNotFoundException(name, e.Message);
            }

            return pod.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes the pod and its containers (<c>force</c> stops running ones first); returns its ID.</summary>
    protected override async ValueTask<string> RemovePodAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await InspectPodOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var id = await _libpod.DeletePodAsync(pod.Id, force, cancellationToken).ConfigureAwait(false);
            return id.Length > 0 ? id : pod.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>The processes of the pod's containers, tab-separated with the header first; the pod must be Running (1.9's status).</summary>
    protected override async ValueTask<IReadOnlyList<string>> TopPodAsync(string pod, bool latest, IReadOnlyList<string> descriptors, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            string id;
            if (latest)
            {
                var pods = await _libpod.PodsAsync(null, cancellationToken).ConfigureAwait(false);
                id = pods.Count > 0 ? NewestPod(pods).Id : throw new PodNotFoundException("latest", "no pods to find: no such pod");
            }
            else
            {
                id = (await InspectPodOrNotFoundAsync(pod, cancellationToken).ConfigureAwait(false)).Id;
            }

            var inspect = await _libpod.InspectPodAsync(id, cancellationToken).ConfigureAwait(false);
            if (PodShapes.Status(inspect.Containers.Select(c => c.State)) != "Running")
            {
                throw new ErrorOccurredException("pod top can only be used on pods with at least one running container");
            }

            var psArgs = descriptors is { Count: > 0 } ? string.Join(',', descriptors.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries))) : null;
            var top = await _libpod.PodTopAsync(id, psArgs, cancellationToken).ConfigureAwait(false);
            return [string.Join('\t', top.Titles ?? []), .. (top.Processes ?? []).Select(p => string.Join('\t', p))];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>One stats sample of each running container of the pod; none running is NoContainerRunning.</summary>
    protected override async ValueTask<GetPodStatsReply> GetPodStatsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await InspectPodOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var running = pod.Containers.Where(c => ContainerStates.IsRunning(c.State)).Select(c => c.Id).ToList();
            if (running.Count == 0)
            {
                throw new NoContainerRunningException();
            }

            var report = await _libpod.StatsAsync(running, cancellationToken).ConfigureAwait(false);
            return new GetPodStatsReply { Pod = pod.Id, Containers = [.. (report.Stats ?? []).Select(s => ToStats(s, s.Cpu))] };
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Inspects a pod; not found → <c>PodNotFound</c> with the caller's input.</summary>
    private async Task<LibpodPodInspect> InspectPodOrNotFoundAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new PodNotFoundException(name ?? "", "no pod name given: no such pod");
        }

        try
        {
            return await _libpod.InspectPodAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsNotFound)
        {
            throw new PodNotFoundException(name, e.Message);
        }
    }
}
