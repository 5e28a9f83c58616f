using System.Runtime.CompilerServices;
using System.Text.Json;
using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>Containers: <see cref="PodmanClient.Containers"/>.</summary>
/// <remarks>Thread-safe. Ids may be full ids, unique prefixes or names.</remarks>
public sealed partial class ContainersClient
{
    private readonly PodmanInvoker _invoker;

    internal ContainersClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>Lists all containers, running or not (<c>ListContainers</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The containers.</returns>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        [.. (await _invoker.CallAsync("ListContainers", null, static (p, t) => p.ListContainersAsync(t), cancellationToken).ConfigureAwait(false)).Select(ModelMapper.Container)];

    /// <summary>Lists containers as <c>podman ps</c> does (<c>Ps</c>).</summary>
    /// <param name="parameters">What to list; running containers when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The containers.</returns>
    public async Task<IReadOnlyList<ContainerPsEntry>> PsAsync(ContainerPsParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new ContainerPsParameters();
        var opts = new V.PsOpts
        {
            All = parameters.All,
            Filters = PodmanValues.NonEmpty(parameters.Filters),
            Last = parameters.Last,
            Latest = parameters.Latest ? true : null,
            Size = parameters.Size ? true : null,
            NoTrunc = parameters.NoTrunc ? true : null,
            Pod = parameters.Pod ? true : null,
            Sort = parameters.Sort,
        };
        return [.. (await _invoker.CallAsync("Ps", null, (p, t) => p.PsAsync(opts, t), cancellationToken).ConfigureAwait(false)).Select(ModelMapper.Ps)];
    }

    /// <summary>Lists the containers in any of <paramref name="states"/> (<c>GetContainersByStatus</c>).</summary>
    /// <param name="states">The states.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The containers.</returns>
    public async Task<IReadOnlyList<ContainerSummary>> ListByStateAsync(IEnumerable<ContainerState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        List<string> names = [.. states.Select(s => s.ToString().ToLowerInvariant())];
        return [.. (await _invoker.CallAsync("GetContainersByStatus", null, (p, t) => p.GetContainersByStatusAsync(names, t), cancellationToken).ConfigureAwait(false)).Select(ModelMapper.Container)];
    }

    /// <summary>Resolves names, id prefixes, or all / the latest container to full ids (<c>GetContainersByContext</c>).</summary>
    /// <param name="namesOrIds">Names or ids (ignored with <paramref name="all"/> or <paramref name="latest"/>).</param>
    /// <param name="all">All containers.</param>
    /// <param name="latest">The latest created.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Full ids.</returns>
    public Task<IReadOnlyList<string>> ResolveAsync(IEnumerable<string> namesOrIds, bool all = false, bool latest = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(namesOrIds);
        List<string> args = [.. namesOrIds];
        return _invoker.CallAsync("GetContainersByContext", null, (p, t) => p.GetContainersByContextAsync(all, latest, args, t), cancellationToken);
    }

    /// <summary>Gets one container (<c>GetContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container.</returns>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task<ContainerSummary> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ModelMapper.Container(await _invoker.CallAsync("GetContainer", id, (p, t) => p.GetContainerAsync(id, t), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Whether a container exists (<c>ContainerExists</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when it exists.</returns>
    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await _invoker.CallAsync("ContainerExists", id, (p, t) => p.ContainerExistsAsync(id, t), cancellationToken).ConfigureAwait(false) == 0;
    }

    /// <summary>podman's full inspect document (<c>InspectContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public Task<JsonElement> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        Json("InspectContainer", id, (p, t) => p.InspectContainerAsync(id, t), cancellationToken);

    /// <summary>podman's inspect data, optionally with sizes (<c>ContainerInspectData</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="size">Compute sizes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public Task<JsonElement> InspectDataAsync(string id, bool size = false, CancellationToken cancellationToken = default) =>
        Json("ContainerInspectData", id, (p, t) => p.ContainerInspectDataAsync(id, size, t), cancellationToken);

    /// <summary>The container's configuration (<c>ContainerConfig</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public Task<JsonElement> GetConfigAsync(string id, CancellationToken cancellationToken = default) =>
        Json("ContainerConfig", id, (p, t) => p.ContainerConfigAsync(id, t), cancellationToken);

    /// <summary>The container's run-time state (<c>ContainerStateData</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public Task<JsonElement> GetStateAsync(string id, CancellationToken cancellationToken = default) =>
        Json("ContainerStateData", id, (p, t) => p.ContainerStateDataAsync(id, t), cancellationToken);

    /// <summary>The container's OCI runtime spec (<c>Spec</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public Task<JsonElement> GetSpecAsync(string id, CancellationToken cancellationToken = default) =>
        Json("Spec", id, (p, t) => p.SpecAsync(id, t), cancellationToken);

    /// <summary>A named artifact podman keeps for the container (<c>ContainerArtifacts</c>, e.g. <c>create-config</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="artifactName">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    public Task<JsonElement> GetArtifactAsync(string id, string artifactName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactName);
        return Json("ContainerArtifacts", id, (p, t) => p.ContainerArtifactsAsync(id, artifactName, t), cancellationToken);
    }

    /// <summary>Creates a container (<c>CreateContainer</c>); pulls its image when podman's pull policy says so.</summary>
    /// <param name="parameters">What it is made of.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new container's id.</returns>
    /// <exception cref="ImageNotFoundException">The image does not exist and could not be pulled.</exception>
    public Task<string> CreateAsync(ContainerCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Image, nameof(parameters) + "." + nameof(parameters.Image));
        var create = new V.Create
        {
            Args = [parameters.Image, .. parameters.Command],
            Name = parameters.Name,
            Env = PodmanValues.Pairs(parameters.Environment),
            Label = PodmanValues.Pairs(parameters.Labels),
            Publish = PodmanValues.NonEmpty(parameters.Publish),
            Volume = PodmanValues.NonEmpty(parameters.Volumes),
            Tty = parameters.Tty ? true : null,
            Interactive = parameters.Interactive ? true : null,
            Rm = parameters.AutoRemove ? true : null,
            WorkDir = parameters.WorkingDirectory,
            User = parameters.User,
            Entrypoint = parameters.Entrypoint,
            Network = parameters.Network,
            Pod = parameters.Pod,
            Hostname = parameters.Hostname,
            Privileged = parameters.Privileged ? true : null,
            Pull = parameters.Pull,
            StopTimeout = parameters.StopTimeout is { } stop ? (long)stop.TotalSeconds : null,
        };
        return _invoker.CallAsync("CreateContainer", parameters.Name, (p, t) => p.CreateContainerAsync(create, t), cancellationToken);
    }

    /// <summary>Creates a container from a checkpoint's config (<c>CreateFromCC</c>; podman 1.9.3 did not implement it).</summary>
    /// <param name="arguments">podman's arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new container's id.</returns>
    public Task<string> CreateFromCheckpointConfigAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        List<string> args = [.. arguments];
        return _invoker.CallAsync("CreateFromCC", null, (p, t) => p.CreateFromCCAsync(args, t), cancellationToken);
    }

    /// <summary>Starts a container (<c>StartContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public Task<string> StartAsync(string id, CancellationToken cancellationToken = default) =>
        Id("StartContainer", id, (p, t) => p.StartContainerAsync(id, t), cancellationToken);

    /// <summary>Initializes a container without starting it (<c>InitContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> InitAsync(string id, CancellationToken cancellationToken = default) =>
        Id("InitContainer", id, (p, t) => p.InitContainerAsync(id, t), cancellationToken);

    /// <summary>Stops a container: its stop signal, then SIGKILL after <paramref name="timeout"/> (<c>StopContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="timeout">How long to wait before killing (10 s when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var seconds = Seconds(timeout, nameof(timeout));
        return Id("StopContainer", id, (p, t) => p.StopContainerAsync(id, seconds, t), cancellationToken);
    }

    /// <summary>Restarts a container (<c>RestartContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="timeout">How long to wait for it to stop before killing (10 s when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> RestartAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var seconds = Seconds(timeout, nameof(timeout));
        return Id("RestartContainer", id, (p, t) => p.RestartContainerAsync(id, seconds, t), cancellationToken);
    }

    /// <summary>Sends a signal to a container's process (<c>KillContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="signal">The signal number (9, SIGKILL, by default).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> KillAsync(string id, int signal = 9, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        return Id("KillContainer", id, (p, t) => p.KillContainerAsync(id, signal, t), cancellationToken);
    }

    /// <summary>Pauses a container (<c>PauseContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> PauseAsync(string id, CancellationToken cancellationToken = default) =>
        Id("PauseContainer", id, (p, t) => p.PauseContainerAsync(id, t), cancellationToken);

    /// <summary>Unpauses a container (<c>UnpauseContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> UnpauseAsync(string id, CancellationToken cancellationToken = default) =>
        Id("UnpauseContainer", id, (p, t) => p.UnpauseContainerAsync(id, t), cancellationToken);

    /// <summary>Waits until the container exits (<c>WaitContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="pollInterval">How often podman checks (250 ms when null).</param>
    /// <param name="cancellationToken">Cancels the wait (closing its connection).</param>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitAsync(string id, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var interval = (long)(pollInterval ?? TimeSpan.FromMilliseconds(250)).TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interval, nameof(pollInterval));
        return (int)await _invoker.CallAsync("WaitContainer", id, (p, t) => p.WaitContainerAsync(id, interval, t), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a container (<c>RemoveContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="force">Stop it first when it runs.</param>
    /// <param name="removeVolumes">Remove its anonymous volumes too.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The removed container's id.</returns>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public Task<string> RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default) =>
        Id("RemoveContainer", id, (p, t) => p.RemoveContainerAsync(id, force, removeVolumes, t), cancellationToken);

    /// <summary>Removes a container even when podman's state of it is broken (<c>EvictContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="removeVolumes">Remove its anonymous volumes too.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The removed container's id.</returns>
    public Task<string> EvictAsync(string id, bool removeVolumes = false, CancellationToken cancellationToken = default) =>
        Id("EvictContainer", id, (p, t) => p.EvictContainerAsync(id, removeVolumes, t), cancellationToken);

    /// <summary>Removes all stopped containers (<c>DeleteStoppedContainers</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The removed ids.</returns>
    public Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken = default) =>
        _invoker.CallAsync("DeleteStoppedContainers", null, static (p, t) => p.DeleteStoppedContainersAsync(t), cancellationToken);

    private Task<string> Id(string method, string id, Func<V.PodmanProxy, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _invoker.CallAsync(method, id, call, cancellationToken);
    }

    private async Task<JsonElement> Json(string method, string id, Func<V.PodmanProxy, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var text = await _invoker.CallAsync(method, id, call, cancellationToken).ConfigureAwait(false);
        return JsonText.Parse(text, method);
    }

    private static long Seconds(TimeSpan? timeout, string name)
    {
        var seconds = (long)Math.Ceiling((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds, name);
        return seconds;
    }
}
