using System.Text.Json;
using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>Pods: <see cref="PodmanClient.Pods"/>.</summary>
/// <remarks>Thread-safe. Ids may be full ids, unique prefixes or names.</remarks>
public sealed class PodsClient
{
    private readonly PodmanInvoker _invoker;

    internal PodsClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>Creates a pod (<c>CreatePod</c>).</summary>
    /// <param name="parameters">The pod; podman's defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> CreateAsync(PodCreateParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new PodCreateParameters();
        var create = new V.PodCreate
        {
            Name = parameters.Name ?? "", CgroupParent = parameters.CgroupParent ?? "", Labels = new Dictionary<string, string>(parameters.Labels),
            Share = [.. parameters.Share], Infra = parameters.Infra, InfraCommand = parameters.InfraCommand ?? "", InfraImage = parameters.InfraImage ?? "",
            Publish = [.. parameters.Publish],
        };
        return _invoker.CallAsync("CreatePod", parameters.Name, (p, t) => p.CreatePodAsync(create, t), cancellationToken);
    }

    /// <summary>Lists pods (<c>ListPods</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pods.</returns>
    public async Task<IReadOnlyList<PodSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await _invoker.CallAsync("ListPods", null, static (p, t) => p.ListPodsAsync(t), cancellationToken).ConfigureAwait(false)).Select(ModelMapper.Pod)];

    /// <summary>Gets one pod (<c>GetPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod.</returns>
    /// <exception cref="PodNotFoundException">No such pod.</exception>
    public async Task<PodSummary> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ModelMapper.Pod(await _invoker.CallAsync("GetPod", id, (p, t) => p.GetPodAsync(id, t), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>podman's full inspect document (<c>InspectPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public async Task<JsonElement> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        JsonText.Parse(await Id("InspectPod", id, (p, t) => p.InspectPodAsync(id, t), cancellationToken).ConfigureAwait(false), "InspectPod");

    /// <summary>The pod's state data (<c>PodStateData</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public async Task<JsonElement> GetStateAsync(string id, CancellationToken cancellationToken = default) =>
        JsonText.Parse(await Id("PodStateData", id, (p, t) => p.PodStateDataAsync(id, t), cancellationToken).ConfigureAwait(false), "PodStateData");

    /// <summary>Starts a pod's containers (<c>StartPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    /// <exception cref="PodContainerErrorException">Some containers failed.</exception>
    public Task<string> StartAsync(string id, CancellationToken cancellationToken = default) => Id("StartPod", id, (p, t) => p.StartPodAsync(id, t), cancellationToken);

    /// <summary>Stops a pod's containers (<c>StopPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="timeout">How long to wait before killing (podman's default when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var seconds = timeout is { } t0 ? (long)Math.Ceiling(t0.TotalSeconds) : -1;
        return Id("StopPod", id, (p, t) => p.StopPodAsync(id, seconds, t), cancellationToken);
    }

    /// <summary>Restarts a pod's containers (<c>RestartPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> RestartAsync(string id, CancellationToken cancellationToken = default) => Id("RestartPod", id, (p, t) => p.RestartPodAsync(id, t), cancellationToken);

    /// <summary>Signals a pod's containers (<c>KillPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="signal">The signal number (9 by default).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> KillAsync(string id, int signal = 9, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        return Id("KillPod", id, (p, t) => p.KillPodAsync(id, signal, t), cancellationToken);
    }

    /// <summary>Pauses a pod (<c>PausePod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> PauseAsync(string id, CancellationToken cancellationToken = default) => Id("PausePod", id, (p, t) => p.PausePodAsync(id, t), cancellationToken);

    /// <summary>Unpauses a pod (<c>UnpausePod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> UnpauseAsync(string id, CancellationToken cancellationToken = default) => Id("UnpausePod", id, (p, t) => p.UnpausePodAsync(id, t), cancellationToken);

    /// <summary>Removes a pod (<c>RemovePod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="force">Stop and remove its containers too.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pod's id.</returns>
    public Task<string> RemoveAsync(string id, bool force = false, CancellationToken cancellationToken = default) => Id("RemovePod", id, (p, t) => p.RemovePodAsync(id, force, t), cancellationToken);

    /// <summary>The processes of a pod's containers (<c>TopPod</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="descriptors">ps descriptors; podman's default when empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Lines, header first.</returns>
    public Task<IReadOnlyList<string>> TopAsync(string id, IEnumerable<string>? descriptors = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        List<string> list = [.. descriptors ?? []];
        return _invoker.CallAsync("TopPod", id, (p, t) => p.TopPodAsync(id, false, list, t), cancellationToken);
    }

    /// <summary>Resource use of a pod's containers (<c>GetPodStats</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One sample per container.</returns>
    public async Task<PodStats> GetStatsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var r = await _invoker.CallAsync("GetPodStats", id, (p, t) => p.GetPodStatsAsync(id, t), cancellationToken).ConfigureAwait(false);
        return new PodStats(r.Pod, [.. (r.Containers ?? []).Select(ModelMapper.Stats)]);
    }

    /// <summary>Ids of the pods in any of <paramref name="statuses"/> (<c>GetPodsByStatus</c>).</summary>
    /// <param name="statuses">podman's pod statuses (<c>running</c>, <c>stopped</c>, <c>exited</c>, <c>paused</c>, <c>created</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Pod ids.</returns>
    public Task<IReadOnlyList<string>> ListIdsByStatusAsync(IEnumerable<string> statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        List<string> list = [.. statuses];
        return _invoker.CallAsync("GetPodsByStatus", null, (p, t) => p.GetPodsByStatusAsync(list, t), cancellationToken);
    }

    /// <summary>Resolves pod names, all pods, or the latest to ids (<c>GetPodsByContext</c>).</summary>
    /// <param name="namesOrIds">Names or ids.</param>
    /// <param name="all">All pods.</param>
    /// <param name="latest">The latest created.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Pod ids.</returns>
    public Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> namesOrIds, bool all = false, bool latest = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namesOrIds);
        List<string> list = [.. namesOrIds];
        return _invoker.CallAsync("GetPodsByContext", null, (p, t) => p.GetPodsByContextAsync(all, latest, list, t), cancellationToken);
    }

    /// <summary>Kubernetes YAML for a pod or container (<c>GenerateKube</c>).</summary>
    /// <param name="id">Pod or container name or id.</param>
    /// <param name="service">Also generate a service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The YAML.</returns>
    public async Task<KubeYaml> GenerateKubeAsync(string id, bool service = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var k = await _invoker.CallAsync("GenerateKube", id, (p, t) => p.GenerateKubeAsync(id, service, t), cancellationToken).ConfigureAwait(false);
        return new KubeYaml(k.Pod, k.Service);
    }

    private Task<string> Id(string method, string id, Func<V.PodmanProxy, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _invoker.CallAsync(method, id, call, cancellationToken);
    }
}
