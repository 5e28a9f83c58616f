using System.Text.Json;
using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>Volumes: <see cref="PodmanClient.Volumes"/>.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class VolumesClient
{
    private readonly PodmanInvoker _invoker;

    internal VolumesClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>Creates a volume (<c>VolumeCreate</c>).</summary>
    /// <param name="parameters">The volume; podman's defaults when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The volume's name.</returns>
    public Task<string> CreateAsync(VolumeCreateParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        parameters ??= new VolumeCreateParameters();
        var options = new V.VolumeCreateOpts
        {
            VolumeName = parameters.Name ?? "", Driver = parameters.Driver ?? "",
            Labels = new Dictionary<string, string>(parameters.Labels), Options = new Dictionary<string, string>(parameters.Options),
        };
        return _invoker.CallAsync("VolumeCreate", parameters.Name, (p, t) => p.VolumeCreateAsync(options, t), cancellationToken);
    }

    /// <summary>Lists volumes (<c>GetVolumes</c>).</summary>
    /// <param name="names">Only these; all when empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The volumes.</returns>
    public async Task<IReadOnlyList<VolumeInfo>> ListAsync(IEnumerable<string>? names = null, CancellationToken cancellationToken = default)
    {
        List<string> list = [.. names ?? []];
        var volumes = await _invoker.CallAsync("GetVolumes", null, (p, t) => p.GetVolumesAsync(list, list.Count == 0, t), cancellationToken).ConfigureAwait(false);
        return [.. volumes.Select(ModelMapper.Volume)];
    }

    /// <summary>podman's inspect document of a volume (<c>InspectVolume</c>).</summary>
    /// <param name="name">The volume.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON podman returned.</returns>
    /// <exception cref="VolumeNotFoundException">No such volume.</exception>
    public async Task<JsonElement> InspectAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            return JsonText.Parse(await _invoker.CallAsync("InspectVolume", name, (p, t) => p.InspectVolumeAsync(name, t), cancellationToken).ConfigureAwait(false), "InspectVolume");
        }
        catch (PodmanRemoteException e) when (e.ErrorName == "io.podman.ErrorOccurred" && e.Reason.EndsWith("no such volume", StringComparison.Ordinal))
        {
            // io.podman answers a missing volume here with ErrorOccurred, as podman 1.9 did (its text ends with
            // libpod's "no such volume"); the facade gives it the type the other volume calls have.
            throw new VolumeNotFoundException("InspectVolume", name, e.Reason, e);
        }
    }

    /// <summary>Removes volumes (<c>VolumeRemove</c>).</summary>
    /// <param name="names">The volumes (none with <paramref name="all"/>).</param>
    /// <param name="force">Remove them even when containers use them (removing those containers).</param>
    /// <param name="all">All volumes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was and was not removed.</returns>
    public async Task<VolumeRemoveResult> RemoveAsync(IEnumerable<string> names, bool force = false, bool all = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var options = new V.VolumeRemoveOpts { Volumes = [.. names], All = all, Force = force };
        if (options.Volumes.Count == 0 && !all)
        {
            throw new ArgumentException("Name at least one volume, or set all.", nameof(names));
        }

        var r = await _invoker.CallAsync("VolumeRemove", string.Join(',', options.Volumes), (p, t) => p.VolumeRemoveAsync(options, t), cancellationToken).ConfigureAwait(false);
        return new VolumeRemoveResult(PodmanValues.List(r.Successes), PodmanValues.Map(r.Failures));
    }

    /// <summary>Removes volumes no container uses (<c>VolumesPrune</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was removed.</returns>
    public async Task<VolumePruneResult> PruneAsync(CancellationToken cancellationToken = default)
    {
        var r = await _invoker.CallAsync("VolumesPrune", null, static (p, t) => p.VolumesPruneAsync(t), cancellationToken).ConfigureAwait(false);
        return new VolumePruneResult(PodmanValues.List(r.PrunedNames), PodmanValues.List(r.PrunedErrors));
    }
}
