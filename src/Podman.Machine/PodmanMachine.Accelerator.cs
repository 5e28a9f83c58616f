using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    private static readonly TimeSpan ConsolePollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StatusQueryTimeout = TimeSpan.FromSeconds(3);

    // Starts qemu under the machine's accelerator. For Auto: TCG when the KVM probe fails; otherwise KVM,
    // kept only if the guest shows progress in time, else that VM is killed and the machine started under TCG.
    private async Task<MachineRuntimeState> LaunchAsync(MachineStartOptions options, LaunchPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        string qemu = options.QemuPath;
        if (Config.Accelerator != MachineAccelerator.Auto)
        {
            string configured = $"the machine is configured for {Config.Accelerator}.";
            return await LaunchOrThrowAsync(qemu, Config.Accelerator, plan, configured, null, cancellationToken).ConfigureAwait(false);
        }

        KvmAvailability kvm = options.ProbeKvm(options.KvmDevicePath);
        if (!kvm.IsUsable)
        {
            return await LaunchOrThrowAsync(qemu, MachineAccelerator.Tcg, plan, $"Auto, no KVM: {kvm.Reason}", null, cancellationToken).ConfigureAwait(false);
        }

        QemuLaunch launch = await TryLaunchAsync(qemu, MachineAccelerator.Kvm, plan, cancellationToken).ConfigureAwait(false);
        string failure;
        if (launch.State is { } underKvm)
        {
            string? stalled;
            try
            {
                stalled = await WatchKvmProgressAsync(underKvm.ProcessId, options.KvmProgressTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await KillAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (stalled is null)
            {
                return underKvm with { AcceleratorReason = $"Auto: {kvm.Reason} The guest printed on its console under KVM." };
            }

            failure = stalled;
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            failure = launch.Failure!;
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
        }

        MachineLog.KvmFallback(logger, Name, failure);
        File.Delete(ConsoleLogPath);
        string reason = $"Auto: {kvm.Reason} But under KVM {failure}; started again under TCG.";
        return await LaunchOrThrowAsync(qemu, MachineAccelerator.Tcg, plan, reason, failure, cancellationToken).ConfigureAwait(false);
    }

    private async Task<MachineRuntimeState> LaunchOrThrowAsync(
        string qemu, MachineAccelerator accelerator, LaunchPlan plan, string reason, string? kvmFallback, CancellationToken cancellationToken)
    {
        QemuLaunch launch = await TryLaunchAsync(qemu, accelerator, plan, cancellationToken).ConfigureAwait(false);
        if (launch.State is null)
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw BootFailure(kvmFallback is null
                ? launch.Failure!
                : $"{launch.Failure} (That was the start under TCG after the guest did not run under KVM: {kvmFallback}.)");
        }

        return launch.State with { AcceleratorReason = reason, KvmFallbackReason = kvmFallback };
    }

    // Null when the guest printed on its serial console within the bound; otherwise why it did not run.
    private async Task<string?> WatchKvmProgressAsync(int processId, TimeSpan bound, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (new FileInfo(ConsoleLogPath) is { Exists: true, Length: > 0 })
            {
                return null;
            }

            if (!IsQemuAlive(processId))
            {
                return $"qemu exited {Seconds(clock.Elapsed)} s after it started, before the guest printed anything on its console";
            }

            TimeSpan left = bound - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return $"the guest printed nothing on its console within {Seconds(bound)} s{await QemuStatusAsync(cancellationToken).ConfigureAwait(false)}";
            }

            await Task.Delay(Min(ConsolePollInterval, left), cancellationToken).ConfigureAwait(false);
        }
    }

    // What qemu says about the stalled VM (KVM trouble shows as 'internal-error'), or "" when QMP does not answer.
    private async Task<string> QemuStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            string status = await QmpClient.QueryStatusAsync(QmpSocketPath, StatusQueryTimeout, cancellationToken).ConfigureAwait(false);
            return $" (qemu reports the VM's status as '{status}')";
        }
        catch (MachineException)
        {
            return string.Empty;
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
