using System.Net;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Containers, lifecycle (CreateContainer is in its own file): each verb inspects first, for the full
/// ID 1.9 returned (libpod answers 204 without a body) and for the state checks 1.9 made before acting.
/// </summary>
internal sealed partial class PodmanService
{
    protected override async ValueTask<string> InitContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var status = await ActAsync(inspect.Id, "init", null, stateErrors: true, cancellationToken).ConfigureAwait(false);
            return status == HttpStatusCode.NotModified
                ? throw new InvalidStateException(inspect.Id, $"container {inspect.Id} has already been created in runtime: container state improper")
                : inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> StartContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            if (ContainerStates.IsRunning(inspect.State.Status) || inspect.State.Status == "paused"
                || await ActAsync(inspect.Id, "start", null, stateErrors: false, cancellationToken).ConfigureAwait(false) == HttpStatusCode.NotModified)
            {
                throw new ErrorOccurredException("container is already running or paused");
            }

            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>1.9's checks: stopped or exited → ErrCtrStopped; never started, paused or unknown → InvalidState (4.3 would quietly answer 204).</summary>
    protected override async ValueTask<string> StopContainerAsync(string name, long timeout, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var state = ContainerStates.ToV1(inspect.State.Status);
            if (state is "stopped" or "exited")
            {
                throw new ErrCtrStoppedException(inspect.Id);
            }

            if (state is not ("running" or "created"))
            {
                throw new InvalidStateException(inspect.Id, $"can only stop created or running containers. {inspect.Id} is in state {state}: container state improper");
            }

            var query = new LibpodQuery("").Add("timeout", Math.Max(0, timeout)).ToString();
            if (await ActAsync(inspect.Id, "stop", query, stateErrors: true, cancellationToken).ConfigureAwait(false) == HttpStatusCode.NotModified)
            {
                throw new ErrCtrStoppedException(inspect.Id);
            }

            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> RestartContainerAsync(string name, long timeout, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            await ActAsync(inspect.Id, "restart", new LibpodQuery("").Add("t", Math.Max(0, timeout)).ToString(), stateErrors: false, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>Signal −1 is SIGTERM (1.9); the signal is always sent explicitly (REST's default is SIGKILL).</summary>
    protected override async ValueTask<string> KillContainerAsync(string name, long signal, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (signal is not (-1 or (> 0 and <= 64)))
            {
                throw VarlinkServiceErrors.CreateInvalidParameter("signal");
            }

            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            await ActAsync(inspect.Id, "kill", new LibpodQuery("").Add("signal", signal == -1 ? 15 : signal).ToString(), stateErrors: false, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> PauseContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await SimpleVerbAsync(name, "pause", cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<string> UnpauseContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => await SimpleVerbAsync(name, "unpause", cancellationToken).ConfigureAwait(false);

    private async Task<string> SimpleVerbAsync(string name, string verb, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            await ActAsync(inspect.Id, verb, null, stateErrors: false, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>Runs a verb; a libpod state refusal becomes InvalidState when 1.9 used it for that verb, otherwise ErrorOccurred.</summary>
    private async Task<HttpStatusCode> ActAsync(string id, string verb, string? query, bool stateErrors, CancellationToken cancellationToken)
    {
        try
        {
            return await _libpod.ContainerActionAsync(id, verb, query, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (stateErrors && e.IsStateImproper)
        {
            throw new InvalidStateException(id, e.Message);
        }
        catch (LibpodException e) when (!e.IsNotFound)
        {
            throw new ErrorOccurredException(e.Message);
        }
    }

    /// <summary>Waits until the container stops and returns its exit code. <c>interval</c> is nanoseconds (a Go Duration), as podman-remote sends it; 0 keeps libpod's 250 ms.</summary>
    protected override async ValueTask<long> WaitContainerAsync(string name, long interval, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            return await _libpod.WaitContainerAsync(inspect.Id, interval, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> RemoveContainerAsync(string name, bool force, bool removeVolumes, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            await RemoveAsync(inspect.Id, force, removeVolumes, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    private async Task RemoveAsync(string id, bool force, bool volumes, CancellationToken cancellationToken)
    {
        List<LibpodRemoveReport> reports;
        try
        {
            reports = await _libpod.RemoveContainerAsync(id, force, volumes, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsStateImproper)
        {
            throw new InvalidStateException(id, e.Message);
        }

        if (reports.FirstOrDefault(r => r.Err.ValueKind == JsonValueKind.String) is { } failed)
        {
            throw new ErrorOccurredException(failed.Err.GetString()!);
        }
    }

    /// <summary>Removes a container even when its lookup fails (4.3's forced removal falls back to eviction); any error is ErrorOccurred.</summary>
    protected override async ValueTask<string> EvictContainerAsync(string name, bool removeVolumes, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var reports = await _libpod.RemoveContainerAsync(name, force: true, removeVolumes, cancellationToken).ConfigureAwait(false);
            if (reports.FirstOrDefault(r => r.Err.ValueKind == JsonValueKind.String) is { } failed)
            {
                throw new ErrorOccurredException(failed.Err.GetString()!);
            }

            return reports.FirstOrDefault()?.Id is { Length: > 0 } id ? id : name;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes every container that is not running (not forced); the first failure ends it with ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask<IReadOnlyList<string>> DeleteStoppedContainersAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var removed = new List<string>();
            foreach (var entry in await _libpod.ListContainersAsync(all: true, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!ContainerStates.IsRunning(entry.State))
                {
                    await RemoveAsync(entry.Id, force: false, volumes: false, cancellationToken).ConfigureAwait(false);
                    removed.Add(entry.Id);
                }
            }

            return removed;
        }
        catch (InvalidStateException e)
        {
            throw new ErrorOccurredException(e.Reason);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    protected override async ValueTask<string> ContainerCheckpointAsync(string name, bool keep, bool leaveRunning, bool tcpEstablished, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var query = new LibpodQuery("").Add("keep", keep).Add("leaveRunning", leaveRunning).Add("tcpEstablished", tcpEstablished).ToString();
            await ActAsync(inspect.Id, "checkpoint", query, stateErrors: false, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    protected override async ValueTask<string> ContainerRestoreAsync(string name, bool keep, bool tcpEstablished, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            var query = new LibpodQuery("").Add("keep", keep).Add("tcpEstablished", tcpEstablished).ToString();
            await ActAsync(inspect.Id, "restore", query, stateErrors: false, cancellationToken).ConfigureAwait(false);
            return inspect.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>Mounts the container's root filesystem; a lookup failure is ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask<string> MountContainerAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await _libpod.MountAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Unmounts it (REST has no <c>force</c>); a lookup failure is ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask UnmountContainerAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            await _libpod.ContainerActionAsync(name, "unmount", null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// Writes the container's root filesystem as a tar to <paramref name="path"/> in the VM, or to a new
    /// <c>/tmp/varlink_recv…</c> file when it is "" (podman-remote then fetches it with ReceiveFile).
    /// </summary>
    protected override async ValueTask<string> ExportContainerAsync(string name, string path, VarlinkCall call, CancellationToken cancellationToken)
    {
        string? created = null;
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            FileStream file;
            if (string.IsNullOrEmpty(path))
            {
                file = TransferFiles.Create(TransferFiles.ReceivePrefix);
                path = created = file.Name;
            }
            else
            {
                file = new FileStream(path, FileMode.Create, FileAccess.Write);
            }

            await using (file.ConfigureAwait(false))
            {
                await _libpod.ExportAsync(inspect.Id, file, cancellationToken).ConfigureAwait(false);
            }

            return path;
        }
        catch (Exception e) when (IsFailure(e))
        {
            if (created is not null)
            {
                File.Delete(created);
            }

            throw Failure(e, name);
        }
    }
}
