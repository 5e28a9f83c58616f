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
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SshAttemptTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IoPodmanTimeout = TimeSpan.FromMinutes(3);

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
        MachineRuntimeState state = await LaunchAsync(options, logger, cancellationToken).ConfigureAwait(false);
        try
        {
            await File.WriteAllTextAsync(RuntimeFilePath, JsonSerializer.Serialize(state, MachineJsonContext.Default.MachineRuntimeState), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        MachineLog.Started(logger, Name, state.Accelerator, state.ProcessId, state.SshPort, state.AcceleratorReason ?? "");
        if (!options.WaitUntilReady)
        {
            return;
        }

        try
        {
            await WaitUntilReadyAsync(options.BootTimeout, cancellationToken).ConfigureAwait(false);
            LastBootDuration = clock.Elapsed;
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
    /// </summary>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait (the VM keeps running).</param>
    /// <returns>A task that completes when the machine is ready.</returns>
    /// <exception cref="MachineBootException">qemu exited, the host key is not the pinned one, or the
    /// timeout passed; the message ends with the last console lines.</exception>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        string phase = $"the console never printed '{ConsoleLog.ReadyLine}'";
        string lastError = string.Empty;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadRuntimeState() is null)
            {
                throw BootFailure($"qemu exited while the machine '{Name}' was booting ({phase}).");
            }

            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw BootFailure($"The machine '{Name}' was not ready after {timeout.TotalSeconds:0} s: {phase}{(lastError.Length > 0 ? $" (last error: {lastError})" : "")}.");
            }

            string? announced = ConsoleLog.AnnouncedHostKey(ConsoleLogPath);
            if (announced is not null && announced != Config.HostKeyFingerprint)
            {
                throw BootFailure($"The appliance announced the SSH host key {announced}, but the machine's pinned host key is {Config.HostKeyFingerprint}.");
            }

            if (ConsoleLog.HasLine(ConsoleLogPath, ConsoleLog.ReadyLine))
            {
                phase = "SSH did not answer";
                try
                {
                    await ConnectAsync(Min(SshAttemptTimeout, left), cancellationToken).ConfigureAwait(false);
                    phase = "io.podman did not answer GetVersion through the bridge over SSH";
                    await GetIoPodmanVersionAsync(Min(IoPodmanTimeout, left), cancellationToken).ConfigureAwait(false);
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
            }

            await Task.Delay(Min(PollInterval, left), cancellationToken).ConfigureAwait(false);
        }
    }

    // Starts qemu once under a resolved accelerator. A qemu that exits with an error, or whose process is
    // gone at once, is a failure (in words) rather than an exception, so that Auto can try TCG next.
    private async Task<QemuLaunch> TryLaunchAsync(string qemu, MachineAccelerator accelerator, CancellationToken cancellationToken)
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
            };
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ToolResult result;
            try
            {
                result = await ToolRunner.RunAsync(qemu, QemuCommandLine.Build(spec), QemuLaunchTimeout, cancellationToken).ConfigureAwait(false);
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
}
