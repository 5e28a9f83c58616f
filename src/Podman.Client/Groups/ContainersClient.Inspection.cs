using V = Podman.Client.Varlink;

namespace Podman.Client;

public sealed partial class ContainersClient
{
    /// <summary>The processes of a running container, as <c>ps</c> lines, header first (<c>Top</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="descriptors">ps descriptors (<c>pid</c>, <c>user</c>, <c>args</c>); podman's default when empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Tab-separated lines.</returns>
    public Task<IReadOnlyList<string>> TopAsync(string id, IEnumerable<string>? descriptors = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        List<string> list = [.. descriptors ?? []];
        return _invoker.CallAsync("Top", id, (p, t) => p.TopAsync(id, list, t), cancellationToken);
    }

    /// <summary>The processes of a running container with ps options (<c>ListContainerProcesses</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="options">ps options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Lines, header first.</returns>
    public Task<IReadOnlyList<string>> ListProcessesAsync(string id, IEnumerable<string>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        List<string> list = [.. options ?? []];
        return _invoker.CallAsync("ListContainerProcesses", id, (p, t) => p.ListContainerProcessesAsync(id, list, t), cancellationToken);
    }

    /// <summary>Runs the container's health check now (<c>HealthCheckRun</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><c>healthy</c> or <c>unhealthy</c>.</returns>
    public Task<string> RunHealthCheckAsync(string id, CancellationToken cancellationToken = default) =>
        Id("HealthCheckRun", id, (p, t) => p.HealthCheckRunAsync(id, t), cancellationToken);

    /// <summary>Paths changed since the container was created, by kind (<c>ListContainerChanges</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changes.</returns>
    public async Task<ContainerChanges> GetChangesAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var c = await _invoker.CallAsync("ListContainerChanges", id, (p, t) => p.ListContainerChangesAsync(id, t), cancellationToken).ConfigureAwait(false);
        return new ContainerChanges(PodmanValues.List(c.Changed), PodmanValues.List(c.Added), PodmanValues.List(c.Deleted));
    }

    /// <summary>Paths changed in a container or image (<c>Diff</c>).</summary>
    /// <param name="id">Container or image name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changes.</returns>
    public async Task<IReadOnlyList<FileChange>> DiffAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var diffs = await _invoker.CallAsync("Diff", id, (p, t) => p.DiffAsync(id, t), cancellationToken).ConfigureAwait(false);
        return [.. diffs.Select(d => new FileChange(d.Path, d.ChangeType))];
    }

    /// <summary>Exports a container's file system to a tar file on podman's host (<c>ExportContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="path">
    /// The tar file on podman's host; empty: a transfer file the service names, which
    /// <see cref="SystemClient.ReceiveFileAsync"/> can then bring to this side (as podman-remote 1.x exported).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tar file's path.</returns>
    public Task<string> ExportAsync(string id, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Id("ExportContainer", id, (p, t) => p.ExportContainerAsync(id, path, t), cancellationToken);
    }

    /// <summary>Mounted containers and where (<c>ListContainerMounts</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Container id → mount point.</returns>
    public Task<IReadOnlyDictionary<string, string>> ListMountsAsync(CancellationToken cancellationToken = default) =>
        _invoker.CallAsync("ListContainerMounts", null, static (p, t) => p.ListContainerMountsAsync(t), cancellationToken);

    /// <summary>Mounts a container's file system on podman's host (<c>MountContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The mount point.</returns>
    public Task<string> MountAsync(string id, CancellationToken cancellationToken = default) =>
        Id("MountContainer", id, (p, t) => p.MountContainerAsync(id, t), cancellationToken);

    /// <summary>Unmounts a container's file system (<c>UnmountContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="force">Unmount even when others use it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is unmounted.</returns>
    public Task UnmountAsync(string id, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _invoker.CallAsync("UnmountContainer", id, (p, t) => p.UnmountContainerAsync(id, force, t), cancellationToken);
    }

    /// <summary>Checkpoints a running container with CRIU (<c>ContainerCheckpoint</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="keep">Keep CRIU's files.</param>
    /// <param name="leaveRunning">Leave it running after the checkpoint.</param>
    /// <param name="tcpEstablished">Checkpoint established TCP connections.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> CheckpointAsync(string id, bool keep = false, bool leaveRunning = false, bool tcpEstablished = false, CancellationToken cancellationToken = default) =>
        Id("ContainerCheckpoint", id, (p, t) => p.ContainerCheckpointAsync(id, keep, leaveRunning, tcpEstablished, t), cancellationToken);

    /// <summary>Restores a checkpointed container (<c>ContainerRestore</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="keep">Keep CRIU's files.</param>
    /// <param name="tcpEstablished">Restore established TCP connections.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The container's id.</returns>
    public Task<string> RestoreAsync(string id, bool keep = false, bool tcpEstablished = false, CancellationToken cancellationToken = default) =>
        Id("ContainerRestore", id, (p, t) => p.ContainerRestoreAsync(id, keep, tcpEstablished, t), cancellationToken);

    /// <summary>Makes an image from a container (<c>Commit</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="parameters">The image's name and changes.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>Progress; the last report has the image id.</returns>
    public IAsyncEnumerable<ImageProgress> CommitAsync(string id, ContainerCommitParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.ImageName, nameof(parameters) + "." + nameof(parameters.ImageName));
        return _invoker.StreamAsync<V.MoreResponse, ImageProgress>(
            "Commit", id,
            (p, t) => p.CommitAsync(id, parameters.ImageName, [.. parameters.Changes], parameters.Author ?? "", parameters.Message ?? "", parameters.Pause, parameters.Format ?? "", t),
            ModelMapper.Progress, cancellationToken);
    }
}
