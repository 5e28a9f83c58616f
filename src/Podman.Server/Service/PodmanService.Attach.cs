using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Attach, ExecContainer (the upgrade methods: after the reply the connection carries 1.9's frames,
/// bridged by <see cref="SessionBridge"/> to libpod's hijacked attach and exec streams),
/// GetAttachSockets and AttachControl.
/// </summary>
/// <remarks>
/// Everything that can fail is done before the reply, so a failure is still an io.podman error: the
/// lookup, the state check, the detach keys, and libpod's upgrade. Two steps come after it: starting
/// the container of an Attach with start, and starting a tty exec, which waits for the client's first
/// frame to start at its terminal's size (<see cref="InitialTerminalSize"/>); their failure is told in
/// the session. After the reply the session ends with the quit frame: the exit code, or 0 after a
/// detach; nothing when the client has gone.
/// </remarks>
internal sealed partial class PodmanService
{
    /// <summary>How long a tty exec waits for the client's terminal size before it starts without one.</summary>
    internal TimeSpan InitialSizeWait { get; set; } = InitialTerminalSize.DefaultWait;

    /// <summary>The exit code after a failure to run at all (1.9's rule: 127 for "not found", else 126).</summary>
    internal static int ExitCodeOfFailure(string message)
        => message.Contains("not found", StringComparison.OrdinalIgnoreCase) || message.Contains("no such file", StringComparison.OrdinalIgnoreCase) ? 127 : 126;

    protected override async ValueTask AttachAsync(string name, string detachKeys, bool start, VarlinkCall call, CancellationToken cancellationToken)
    {
        if (!call.WantsUpgrade)
        {
            throw new ErrorOccurredException("client must use upgraded connection to attach");
        }

        var keys = ParseDetachKeys(detachKeys, "detachKeys");
        LibpodContainerInspect inspect;
        LibpodHijack rest;
        try
        {
            (inspect, _) = await InspectOrErrorAsync(name, cancellationToken).ConfigureAwait(false);
            if (!start && !ContainerStates.IsRunning(inspect.State.Status))
            {
                throw new ErrorOccurredException("container must be running to attach");
            }

            // libpod's own detach detection is off (""): the service detects the keys, so that libpod's
            // "detached from container" text never reaches the client.
            rest = await _libpod.AttachAsync(inspect.Id, inspect.Config.OpenStdin, "", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }

        await using (rest.ConfigureAwait(false))
        {
            var client = await call.UpgradeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var id = inspect.Id;
            var sizer = inspect.Config.Tty ? new TerminalSizer((h, w, t) => _libpod.ResizeContainerAsync(id, h, w, t), cancellationToken) : null;
            if (start && !ContainerStates.IsRunning(inspect.State.Status))
            {
                try
                {
                    await _libpod.ContainerActionAsync(id, "start", null, cancellationToken).ConfigureAwait(false);
                }
                catch (LibpodException e)
                {
                    await SessionFrames.WriteQuitAsync(client, ExitCodeOfFailure(e.Message), cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            var bridge = new SessionBridge(client, rest, inspect.Config.Tty, inspect.Config.OpenStdin, keys, sizer);
            var end = await bridge.RunAsync(cancellationToken).ConfigureAwait(false);
            if (end == SessionEnd.ClientGone)
            {
                return;
            }

            int code = end == SessionEnd.Detached ? 0 : await ContainerExitCodeAsync(id, cancellationToken).ConfigureAwait(false);
            await SessionFrames.WriteQuitAsync(client, code, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask ExecContainerAsync(ExecOpts opts, VarlinkCall call, CancellationToken cancellationToken)
    {
        if (!call.WantsUpgrade)
        {
            throw new ErrorOccurredException("client must use upgraded connection to exec");
        }

        var keys = ParseDetachKeys(opts.DetachKeys, "opts.detachKeys");
        string execId;
        LibpodHijack? rest = null;
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(opts.Name, false, cancellationToken).ConfigureAwait(false);
            if (!ContainerStates.IsRunning(inspect.State.Status))
            {
                throw new ErrorOccurredException($"exec requires a running container, {inspect.Id} is {ContainerStates.ToV1(inspect.State.Status)}");
            }

            if (opts.Cmd.Count == 0 || opts.Cmd[0].Length == 0)
            {
                throw new ErrorOccurredException("opts.cmd is empty: exec needs a command to run");
            }

            // 1.9 dropped environment entries without "=" (libpod 4.3 would refuse the whole request).
            var env = opts.Env?.Where(e => e.Contains('=', StringComparison.Ordinal)).ToList();

            // libpod cannot switch its detection off for exec ("" is the engine's default), so it gets
            // the same keys the service detects: the bytes passed on never complete them.
            execId = await _libpod.CreateExecAsync(inspect.Id, new LibpodExecCreate
            {
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                Tty = opts.Tty,
                Cmd = [.. opts.Cmd],
                Env = env,
                User = string.IsNullOrEmpty(opts.User) ? null : opts.User,
                WorkingDir = string.IsNullOrEmpty(opts.Workdir) ? null : opts.Workdir,
                Privileged = opts.Privileged,
                DetachKeys = keys.Text,
            }, cancellationToken).ConfigureAwait(false);

            // Without a terminal there is no size to wait for: the session starts before the reply, so
            // a failure to start is still an io.podman error.
            if (!opts.Tty)
            {
                rest = await _libpod.StartExecAsync(execId, tty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, opts.Name);
        }

        var client = await call.UpgradeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (rest is null)
        {
            // A terminal: the session starts at the size of the client's first frame (see InitialTerminalSize).
            (int Width, int Height)? size;
            (size, client) = await InitialTerminalSize.TakeAsync(client, InitialSizeWait, cancellationToken).ConfigureAwait(false);
            try
            {
                rest = await _libpod.StartExecAsync(execId, tty: true, size, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LibpodException or HttpRequestException or IOException)
            {
                // After the reply the failure can only be told in the session: its text, and 1.9's exit code for it.
                await SessionFrames.WriteTextAsync(client, SessionFrames.Stdout, $"Error: {e.Message}\r\n", cancellationToken).ConfigureAwait(false);
                await SessionFrames.WriteQuitAsync(client, ExitCodeOfFailure(e.Message), cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await using (rest.ConfigureAwait(false))
        {
            var sizer = opts.Tty ? new TerminalSizer((h, w, t) => _libpod.ResizeExecAsync(execId, h, w, t), cancellationToken) : null;
            var bridge = new SessionBridge(client, rest, opts.Tty, forwardStdin: true, keys, sizer);
            var end = await bridge.RunAsync(cancellationToken).ConfigureAwait(false);
            if (end == SessionEnd.ClientGone)
            {
                return;
            }

            int code = end == SessionEnd.Detached ? 0 : await ExecExitCodeAsync(execId, cancellationToken).ConfigureAwait(false);
            await SessionFrames.WriteQuitAsync(client, code, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// 1.9's reply: the container's id and conmon's two sockets (in 4.3 both in the container's
    /// userdata directory). A container that is not running is initialised first, so they exist.
    /// </summary>
    protected override async ValueTask<Sockets> GetAttachSocketsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            if (inspect.State.Status is "created" or "stopped" or "exited")
            {
                await _libpod.ContainerActionAsync(inspect.Id, "init", null, cancellationToken).ConfigureAwait(false);
                (inspect, _) = await InspectOrNotFoundAsync(inspect.Id, false, cancellationToken).ConfigureAwait(false);
            }

            return new Sockets
            {
                ContainerId = inspect.Id,
                IoSocket = inspect.StaticDir + "/attach",
                ControlSocket = inspect.StaticDir + "/ctl",
            };
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>
    /// 1.9.3 declared AttachControl but never implemented it (it answered MethodNotImplemented) and gave
    /// it no meaning; the service checks that the container exists (ContainerNotFound otherwise) and
    /// answers, doing nothing else. Its console is reached with Attach or GetAttachSockets.
    /// </summary>
    protected override async ValueTask AttachControlAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            _ = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    private static DetachKeys ParseDetachKeys(string? text, string parameter)
        => DetachKeys.TryParse(text, out var reason) ?? throw new ErrorOccurredException($"{parameter} \"{text}\" is not a detach key sequence: {reason}");

    /// <summary>
    /// The container's exit code once its attach stream ended: libpod's wait; for a container already
    /// removed (<c>--rm</c>), the code in its last <c>died</c> event, or 127 when there is none (as 1.9).
    /// </summary>
    private async Task<int> ContainerExitCodeAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await _libpod.WaitContainerAsync(id, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsNotFound)
        {
            int code = 127;
            var filters = new Dictionary<string, List<string>> { ["container"] = [id], ["event"] = ["died"] };
            await foreach (var died in _libpod.EventsAsync(false, filters, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (died.Actor.Attributes?.TryGetValue("containerExitCode", out var text) == true && int.TryParse(text, out var parsed))
                {
                    code = parsed;
                }
            }

            return code;
        }
        catch (LibpodException e)
        {
            return ExitCodeOfFailure(e.Message);
        }
    }

    /// <summary>The exec session's exit code, once libpod no longer says it runs (it may lag the stream's end briefly).</summary>
    private async Task<int> ExecExitCodeAsync(string execId, CancellationToken cancellationToken)
    {
        const int Polls = 100;
        for (int poll = 0; ; poll++)
        {
            LibpodExecInspect session;
            try
            {
                session = await _libpod.InspectExecAsync(execId, cancellationToken).ConfigureAwait(false);
            }
            catch (LibpodException e)
            {
                return ExitCodeOfFailure(e.Message);
            }

            if (!session.Running || poll == Polls)
            {
                return session.ExitCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
