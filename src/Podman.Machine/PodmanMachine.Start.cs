using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Varlink.Ssh;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    private const int MaxPortAttempts = 3;
    private static readonly TimeSpan QemuLaunchTimeout = TimeSpan.FromSeconds(90);
    // The console is read every 50 ms (phase times), SSH tried again every 250 ms once the guest says ready.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SshAttemptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IoPodmanTimeout = TimeSpan.FromMinutes(3);

    // qemu is started through sh, which closes descriptors 3-9 first: a daemonized qemu that outlives us
    // must not keep what our caller left open for us, such as the lock of `flock LOCK dotnet test`
    // (a VM left running would hold every other VM user's lock).
    private const string CloseInheritedDescriptors = """for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done; exec "$0" "$@" """;

    /// <summary>
    /// Boots the machine: qemu with the ISO, the data disk, SSH forwarded to a free 127.0.0.1 port, the
    /// keys through fw_cfg, the console in <see cref="ConsoleLogPath"/> and a QMP socket; then, unless told
    /// otherwise, waits until ready (see <see cref="WaitUntilReadyAsync"/>).
    /// </summary>
    /// <remarks>
    /// With <see cref="MachineAccelerator.Auto"/> the guest runs under KVM only when it really runs there:
    /// <c>/dev/kvm</c> must pass the probe, and then qemu under KVM must keep running and the guest must print
    /// on its console within <see cref="MachineStartOptions.KvmProgressTimeout"/>. Otherwise that qemu is
    /// killed and the same machine is started under TCG. Which accelerator runs and why is in
    /// <see cref="RuntimeState"/> (<c>runtime.json</c>) and in <see cref="MachineStartOptions.Logger"/>.
    /// An explicit <see cref="MachineAccelerator.Kvm"/> is never replaced: its failure is thrown.
    /// </remarks>
    /// <param name="options">Timeouts, the qemu program and the logger; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start; a VM already launched is killed.</param>
    /// <returns>A task that completes when the machine is started (and ready, if waited for).</returns>
    /// <exception cref="ArgumentException">A timeout in <paramref name="options"/> is not positive.</exception>
    /// <exception cref="MachineException">The machine is running already.</exception>
    /// <exception cref="MachineBootException">qemu failed, or the machine was not ready in time; the VM is killed.</exception>
    public async Task StartAsync(MachineStartOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MachineStartOptions();
        if (options.KvmProgressTimeout <= TimeSpan.Zero || options.BootTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"{nameof(options.KvmProgressTimeout)} and {nameof(options.BootTimeout)} must be positive, not {options.KvmProgressTimeout} and {options.BootTimeout}.",
                nameof(options));
        }

        if (IsRunning)
        {
            throw new MachineException($"The machine '{Name}' is running already.");
        }

        if (!File.Exists(Config.IsoPath))
        {
            throw new FileNotFoundException($"The ISO of machine '{Name}' does not exist: {Config.IsoPath}.", Config.IsoPath);
        }

        await DisconnectAsync().ConfigureAwait(false);
        DeleteRuntimeFiles();
        RotateConsoleLog();
        ILogger logger = options.Logger ?? NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        var phases = new List<MachineBootPhase>();
        MachineSnapshot? snapshot = await PendingRestoreAsync(cancellationToken).ConfigureAwait(false);
        BootFiles? boot = null;
        if (snapshot is not null ? snapshot.DirectBoot : !options.BootFromIso)
        {
            boot = await BootFiles.GetAsync(Config.IsoPath, options.BootCacheDirectory, cancellationToken).ConfigureAwait(false);
            // A cold boot takes the fastest kernel the cache has; a snapshot resumes with the one it booted
            // (snapshots from before the PVH kernel recorded none: they booted the bzImage).
            string kind = snapshot is null ? boot.BestKind : snapshot.DirectBootKernel ?? BootFiles.BzImageKind;
            boot = boot with { Kernel = boot.KernelOf(kind), PvhKernel = null, Kind = kind };
        }

        var launch = new LaunchPlan(boot, snapshot is null ? null : Path.Combine(Config.SnapshotDirectory!, MachineSnapshot.MemoryFileName),
            snapshot is null ? null : QemuCommandLine.ResumeCpuModel(snapshot),
            VmGenerationId: snapshot is null || QemuCommandLine.ResumeVmGenerationId(snapshot));
        MachineRuntimeState state = snapshot is null
            ? await LaunchAsync(options, launch, logger, cancellationToken).ConfigureAwait(false)
            : await LaunchOrThrowAsync(options.QemuPath, snapshot.Accelerator, launch, $"restored from a snapshot taken under {snapshot.Accelerator}", null, cancellationToken).ConfigureAwait(false);
        state = state with { DirectBoot = boot is not null, DirectBootKernel = boot?.Kind, RestoredFromSnapshot = snapshot is null ? null : Config.SnapshotDirectory };
        phases.Add(new MachineBootPhase(MachineBootTimings.QemuStarted, clock.Elapsed, null));
        try
        {
            await File.WriteAllTextAsync(RuntimeFilePath, JsonSerializer.Serialize(state, MachineJsonContext.Default.MachineRuntimeState), cancellationToken).ConfigureAwait(false);
            if (snapshot is not null)
            {
                File.Delete(RestorePendingPath);   // this machine's disk now moves on from the snapshot's
            }
        }
        catch
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        _boot = new BootWatch(state.ProcessId, clock, phases);
        MachineLog.Started(logger, Name, state.Accelerator, state.ProcessId, state.SshPort, state.AcceleratorReason ?? "");
        if (!options.WaitUntilReady)
        {
            return;
        }

        try
        {
            await WaitUntilReadyAsync(options.BootTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Waits until the appliance is ready: the console says <c>boot2podman: ready</c>, SSH answers with
    /// the pinned host key, and io.podman answers <c>GetVersion</c> through <c>varlink bridge</c> over SSH.
    /// A machine resumed from a snapshot prints nothing new on its console: there the wait is for qemu to
    /// have loaded the state, then the guest clock is set to the host's over SSH, then io.podman must answer.
    /// The phases seen on the way are in <see cref="LastBootTimings"/>.
    /// </summary>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait (the VM keeps running).</param>
    /// <returns>A task that completes when the machine is ready.</returns>
    /// <exception cref="MachineBootException">qemu exited, the host key is not the pinned one, or the
    /// timeout passed; the message ends with the last console lines.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        MachineRuntimeState? started = ReadRuntimeState();
        if (_boot is null || started is null || _boot.ProcessId != started.ProcessId)
        {
            // Started by another process (or instance): host times count from qemu's launch.
            TimeSpan since = started is null ? TimeSpan.Zero : DateTimeOffset.UtcNow - started.StartedUtc;
            _boot = new BootWatch(started?.ProcessId ?? 0, Stopwatch.StartNew(), [], since);
        }

        BootWatch boot = _boot;
        bool restored = started?.RestoredFromSnapshot is not null;
        var console = new ConsoleWatcher(ConsoleLogPath, boot.Elapsed, boot.Phases);
        string phase = restored ? "qemu did not finish loading the saved state" : $"the console never printed '{ConsoleLog.ReadyLine}'";
        string lastError = string.Empty;
        bool loaded = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadRuntimeState() is null)
            {
                throw BootFailure($"qemu exited while the machine '{Name}' was {(restored ? "resuming from its snapshot" : "booting")} ({phase}).");
            }

            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw BootFailure($"The machine '{Name}' was not ready after {timeout.TotalSeconds:0} s: {phase}{(lastError.Length > 0 ? $" (last error: {lastError})" : "")}.");
            }

            console.Poll();
            if (console.AnnouncedHostKey is { } announced && announced != Config.HostKeyFingerprint)
            {
                throw BootFailure($"The appliance announced the SSH host key {announced}, but the machine's pinned host key is {Config.HostKeyFingerprint}.");
            }

            if (restored && !loaded)
            {
                loaded = await StateLoadedAsync(Min(StatusQueryTimeout, left), cancellationToken).ConfigureAwait(false);
                if (loaded)
                {
                    boot.Add(MachineBootTimings.StateLoaded);
                }
            }

            if (restored ? loaded : console.SawReady)
            {
                phase = "SSH did not answer";
                try
                {
                    // The handshake's steps count for the attempt that connects (a failed one's are dropped).
                    var steps = new List<MachineBootPhase>();
                    await ConnectAsync(Min(SshAttemptTimeout, left), cancellationToken, name => steps.Add(new MachineBootPhase(name, boot.Elapsed(), null))).ConfigureAwait(false);
                    boot.Phases.AddRange(steps);
                    boot.Add(MachineBootTimings.SshConnected);
                    // After a restore the clock is set on a channel of its own beside the readiness call, both on
                    // this connection: the two programs (date, the bridge) run on the two vCPUs at once.
                    phase = restored
                        ? "the guest clock could not be set, or io.podman did not answer GetVersion, over SSH"
                        : "io.podman did not answer GetVersion through the bridge over SSH";
                    TimeSpan callTimeout = Min(IoPodmanTimeout, left);
                    Task version = GetIoPodmanVersionAsync(callTimeout, cancellationToken);
                    Task clockSet = restored ? SetClockAsync() : Task.CompletedTask;
                    await Task.WhenAll(version, clockSet).ConfigureAwait(false);

                    async Task SetClockAsync()
                    {
                        await SetGuestClockAsync(callTimeout, cancellationToken).ConfigureAwait(false);
                        boot.Add(MachineBootTimings.ClockSet);
                    }

                    boot.Add(MachineBootTimings.Ready);
                    LastBootTimings = new MachineBootTimings(boot.Phases.ToList(), restored);
                    LastBootDuration = LastBootTimings.Total;
                    return;
                }
                catch (HostKeyMismatchException e)
                {
                    throw BootFailure(e.Message, e);
                }
                catch (SshHostKeyException e)
                {
                    throw BootFailure(e.Message, e);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    lastError = e.Message;
                    await DisconnectAsync().ConfigureAwait(false);
                }

                await Task.Delay(Min(RetryInterval, left), cancellationToken).ConfigureAwait(false);
                continue;
            }

            await Task.Delay(Min(PollInterval, left), cancellationToken).ConfigureAwait(false);
        }
    }

    // Whether qemu resumed the guest from the incoming state ('inmigrate' while it loads).
    private async Task<bool> StateLoadedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            string status = await QmpClient.QueryStatusAsync(QmpSocketPath, timeout, cancellationToken).ConfigureAwait(false);
            if (status == "paused")
            {
                // Loaded: the state was saved from a paused VM, and qemu keeps the run state it had.
                await QmpClient.ExecuteAsync(QmpSocketPath, "cont", timeout, cancellationToken).ConfigureAwait(false);
                return true;
            }

            return status == "running" ? true
                : status is "inmigrate" or "prelaunch" or "restore-vm" ? false
                : throw BootFailure($"qemu reports the machine '{Name}' as '{status}' while it resumes from its snapshot (the saved state does not fit this qemu or machine).");
        }
        catch (MachineException e) when (e is not MachineBootException)
        {
            return false;   // the QMP socket is not there yet
        }
    }

    // Starts qemu once under a resolved accelerator. A qemu that exits with an error, or whose process is
    // gone at once, is a failure (in words) rather than an exception, so that Auto can try TCG next.
    private async Task<QemuLaunch> TryLaunchAsync(string qemu, MachineAccelerator accelerator, LaunchPlan plan, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreeLoopbackPort();
            var spec = new QemuLaunchSpec
            {
                Name = Name,
                IsoPath = Config.IsoPath,
                DataDiskPath = Config.DataDiskPath,
                MemoryMiB = Config.MemoryMiB,
                Cpus = Config.Cpus,
                Accelerator = accelerator,
                SshPort = port,
                ConsoleLogPath = ConsoleLogPath,
                QmpSocketPath = QmpSocketPath,
                PidFilePath = PidFilePath,
                AuthorizedKeysPath = AuthorizedKeysPath,
                HostKeyPath = Config.HostKeyFile,
                DirectBoot = plan.Boot,
                IncomingStatePath = plan.IncomingState,
                CpuModel = plan.CpuModel ?? QemuCommandLine.DefaultCpuModel(accelerator),
                VmGenerationId = plan.VmGenerationId,
            };
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ToolResult result;
            try
            {
                result = await ToolRunner.RunAsync("/bin/sh", ["-c", CloseInheritedDescriptors, qemu, .. QemuCommandLine.Build(spec)], QemuLaunchTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (MachineException e)
            {
                await KillAsync(CancellationToken.None).ConfigureAwait(false);
                throw BootFailure(e.Message, e);
            }

            string stderr = OneLine(result.StandardError);
            if (result.ExitCode != 0)
            {
                // Another program may have taken the port between our probe and qemu's bind: try another.
                if (attempt < MaxPortAttempts && result.StandardError.Contains("forwarding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return QemuLaunch.Failed($"{qemu} exited with {result.ExitCode} while starting the machine '{Name}': {stderr}");
            }

            int pid = ReadPidFile();
            if (pid <= 0 || !IsQemuAlive(pid))
            {
                return QemuLaunch.Failed($"{qemu} started but its process is gone (pid file {PidFilePath}: '{(pid > 0 ? pid : "missing")}'); stderr: {stderr}");
            }

            return new QemuLaunch(new MachineRuntimeState
            {
                ProcessId = pid,
                SshPort = port,
                QmpSocketPath = QmpSocketPath,
                Accelerator = accelerator,
                CpuModel = spec.CpuModel,
                VmGenerationId = spec.VmGenerationId,
                StartedUtc = started,
            }, null);
        }
    }

    // qemu's stderr on one line: its messages joined with " | ".
    private static string OneLine(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private int ReadPidFile()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFilePath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0;
        }
        catch (Exception e) when (e is FileNotFoundException or IOException)
        {
            return 0;
        }
    }

    private void RotateConsoleLog()
    {
        if (File.Exists(ConsoleLogPath))
        {
            File.Move(ConsoleLogPath, Path.Combine(Directory, "console.previous.log"), overwrite: true);
        }
    }

    private MachineBootException BootFailure(string reason, Exception? inner = null) =>
        new(reason, ConsoleLogPath, ConsoleLog.Tail(ConsoleLogPath), inner);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // How qemu is to be started: the direct boot files (null: the ISO), the state to resume (null: boot) and the
    // CPU model that state was saved on (null: the accelerator's default).
    private sealed record LaunchPlan(BootFiles? Boot, string? IncomingState, string? CpuModel = null, bool VmGenerationId = true);

    // The phases of the current start with host times from its beginning (offset: time gone before this watch).
    private sealed class BootWatch(int processId, Stopwatch clock, List<MachineBootPhase> phases, TimeSpan offset = default)
    {
        public int ProcessId => processId;

        public List<MachineBootPhase> Phases => phases;

        public TimeSpan Elapsed() => offset + clock.Elapsed;

        public void Add(string name) => phases.Add(new MachineBootPhase(name, Elapsed(), null));
    }
}
