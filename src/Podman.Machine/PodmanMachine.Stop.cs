using System.Diagnostics;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    private static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan QmpTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Stops the machine cleanly: presses the ACPI power button through QMP (<c>system_powerdown</c>)
    /// and waits for qemu to exit; if it has not after <paramref name="timeout"/>, kills it.
    /// </summary>
    /// <param name="timeout">How long the guest may take to power off; default 2 minutes.</param>
    /// <param name="cancellationToken">Cancels the wait; the VM is then killed.</param>
    /// <returns>Whether the guest powered off or had to be killed, or was not running.</returns>
    public async Task<MachineStopOutcome> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        MachineRuntimeState? state = ReadRuntimeState();
        await DisconnectAsync().ConfigureAwait(false);
        if (state is null)
        {
            DeleteRuntimeFiles();
            return MachineStopOutcome.NotRunning;
        }

        try
        {
            await QmpClient.ExecuteAsync(state.QmpSocketPath, "system_powerdown", QmpTimeout, cancellationToken).ConfigureAwait(false);
            if (await WaitForExitAsync(state.ProcessId, timeout ?? DefaultStopTimeout, cancellationToken).ConfigureAwait(false))
            {
                DeleteRuntimeFiles();
                return MachineStopOutcome.PoweredOff;
            }
        }
        catch (MachineException)
        {
            // QMP did not answer: the kill below ends it.
        }
        catch (OperationCanceledException)
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await KillAsync(cancellationToken).ConfigureAwait(false);
        return MachineStopOutcome.Killed;
    }

    /// <summary>Kills the machine's qemu at once (no clean shutdown) and forgets its runtime state.</summary>
    /// <param name="cancellationToken">Cancels the wait for the process to end.</param>
    /// <returns>A task that completes when qemu is gone.</returns>
    /// <exception cref="MachineException">qemu did not end after SIGKILL.</exception>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await DisconnectAsync().ConfigureAwait(false);
        int pid = ReadRuntimeState()?.ProcessId ?? ReadPidFile();
        if (pid > 0 && IsQemuAlive(pid))
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone already.
            }

            if (!await WaitForExitAsync(pid, KillTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw new MachineException($"qemu (pid {pid}) of the machine '{Name}' did not end within {KillTimeout.TotalSeconds:0} s of SIGKILL.");
            }
        }

        DeleteRuntimeFiles();
    }

    private async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (IsQemuAlive(pid))
        {
            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
