using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MigrationPollInterval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan QuiesceTimeout = TimeSpan.FromSeconds(60);

    // Waits (at most 30 s) until the appliance's deferred driver coldplug, which starts once the host's readiness
    // check has run, is done (or was never deferred): a state saved in the middle of it would have every clone
    // resume the module loading beside its own readiness check.
    internal const string QuiesceCommand =
        "n=0; while [ -e /run/boot2podman/coldplug.deferred ] && [ ! -e /run/boot2podman/coldplug.done ] && [ $n -lt 300 ]; " +
        "do sleep 0.1; n=$((n + 1)); done";

    // Migration to a file is throttled to 128 MiB/s by default; the VM is paused anyway, so no limit.
    private const long UnthrottledBytesPerSecond = 100L * 1024 * 1024 * 1024;

    /// <summary>
    /// Saves the running, ready machine as a snapshot in <paramref name="directory"/>: once the boot's background
    /// work is done (the deferred driver coldplug; at most 30 s), the guest is paused,
    /// its memory and device state written (qemu's migration stream), the data disk copied as it is at that
    /// moment, the keys the guest holds copied beside; then the guest runs on and its clock is set again.
    /// Machines made from the snapshot (<see cref="MachineStore.CreateFromSnapshotAsync"/>) resume that state.
    /// </summary>
    /// <param name="directory">Where to write it; must not exist (it is made at the end, complete or not at all).</param>
    /// <param name="cancellationToken">Cancels the save (the guest is resumed).</param>
    /// <returns>The snapshot's description.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> exists, or holds a single quote.</exception>
    /// <exception cref="MachineException">The machine is not running, or qemu failed to save it.</exception>
    public async Task<MachineSnapshot> SaveSnapshotAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(directory) || File.Exists(directory))
        {
            throw new ArgumentException($"The snapshot directory {directory} exists already.", nameof(directory));
        }

        if (directory.Contains('\'', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The snapshot directory must not contain a single quote: {directory}.", nameof(directory));
        }

        MachineRuntimeState state = RequireRunning();
        string iso = await MachineSnapshot.HashFileAsync(Config.IsoPath, cancellationToken).ConfigureAwait(false);
        string temporary = $"{directory}.{Environment.ProcessId}.tmp";
        if (System.IO.Directory.Exists(temporary))
        {
            System.IO.Directory.Delete(temporary, recursive: true);
        }

        System.IO.Directory.CreateDirectory(temporary);
        try
        {
            (await RunCoreAsync(QuiesceCommand, null, QuiesceTimeout, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
            await using (QmpClient qmp = await QmpClient.ConnectAsync(state.QmpSocketPath, QmpTimeout, cancellationToken).ConfigureAwait(false))
            {
                await qmp.RunAsync("stop", null, QmpTimeout, cancellationToken).ConfigureAwait(false);
                try
                {
                    await SaveStateAsync(qmp, Path.Combine(temporary, MachineSnapshot.MemoryFileName), cancellationToken).ConfigureAwait(false);
                    if (Config.DataDiskPath is not null)
                    {
                        // Paused, its writes flushed by the migration: the disk matches the saved memory.
                        File.Copy(Config.DataDiskPath, Path.Combine(temporary, MachineSnapshot.DiskFileName));
                    }
                }
                finally
                {
                    await qmp.RunAsync("cont", null, QmpTimeout, CancellationToken.None).ConfigureAwait(false);
                }
            }

            await SetGuestClockAsync(SshAttemptTimeout, cancellationToken).ConfigureAwait(false);   // it stood still while paused
            MachineSnapshot.CopyKeys(Config.IdentityFile, Config.HostKeyFile, Path.Combine(temporary, MachineSnapshot.IdentityFileName), Path.Combine(temporary, MachineSnapshot.HostKeyFileName));
            var snapshot = new MachineSnapshot
            {
                SourceMachine = Name,
                IsoPath = Config.IsoPath,
                IsoSha256 = iso,
                MemoryMiB = Config.MemoryMiB,
                Cpus = Config.Cpus,
                Accelerator = state.Accelerator,
                CpuModel = state.CpuModel,
                VmGenerationId = state.VmGenerationId == true,
                DirectBoot = state.DirectBoot,
                DirectBootKernel = state.DirectBootKernel,
                HasDataDisk = Config.DataDiskPath is not null,
                DataDiskSizeBytes = Config.DataDiskSizeBytes,
                HostKeyFingerprint = Config.HostKeyFingerprint,
                CreatedUtc = DateTimeOffset.UtcNow,
            };
            await File.WriteAllTextAsync(Path.Combine(temporary, MachineSnapshot.FileName),
                JsonSerializer.Serialize(snapshot, MachineJsonContext.Default.MachineSnapshot), cancellationToken).ConfigureAwait(false);
            if (Config.DataDiskPath is not null)
            {
                File.SetAttributes(Path.Combine(temporary, MachineSnapshot.DiskFileName), FileAttributes.ReadOnly);   // the clones' backing file
            }

            System.IO.Directory.Move(temporary, directory);
            return snapshot;
        }
        catch
        {
            if (System.IO.Directory.Exists(temporary))
            {
                foreach (string file in System.IO.Directory.EnumerateFiles(temporary))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                System.IO.Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    // Writes the paused VM's state through "exec:cat > FILE" and waits for the migration to complete.
    private async Task SaveStateAsync(QmpClient qmp, string file, CancellationToken cancellationToken)
    {
        string bandwidth = UnthrottledBytesPerSecond.ToString(CultureInfo.InvariantCulture);
        await qmp.RunAsync("migrate-set-parameters", $$"""{"max-bandwidth":{{bandwidth}}}""", QmpTimeout, cancellationToken).ConfigureAwait(false);
        string uri = JsonEncodedText.Encode($"exec:cat > '{file}'").ToString();
        await qmp.RunAsync("migrate", $$"""{"uri":"{{uri}}"}""", QmpTimeout, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            JsonElement info = await qmp.RunAsync("query-migrate", null, QmpTimeout, cancellationToken).ConfigureAwait(false);
            string status = info.TryGetProperty("status", out JsonElement s) ? s.GetString() ?? "" : "";
            if (status == "completed")
            {
                return;
            }

            if (status is "failed" or "cancelled")
            {
                string why = info.TryGetProperty("error-desc", out JsonElement e) ? e.GetString() ?? "" : "";
                throw new MachineException($"qemu could not save the machine '{Name}' ({status}): {why}");
            }

            if (clock.Elapsed > MigrationTimeout)
            {
                await qmp.RunAsync("migrate_cancel", null, QmpTimeout, CancellationToken.None).ConfigureAwait(false);
                throw new MachineException($"Saving the machine '{Name}' took more than {MigrationTimeout.TotalMinutes:0} minutes (status '{status}').");
            }

            await Task.Delay(MigrationPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    // The guest's clock stands still while the VM is paused or saved: set it to the host's (UTC, to the
    // second), and stir fresh host entropy into the guest's pool, which every clone shares otherwise.
    private async Task SetGuestClockAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        (await RunCoreAsync(GuestClockCommand(), null, timeout, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    // Sets the guest's clock to the host's (it stood still while the state was saved) and stirs its entropy
    // pool (every clone resumes the same pool).
    private static string GuestClockCommand()
    {
        string seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
        string now = Math.Round(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        return $"date -u -s @{now} >/dev/null && echo {seed} >/dev/urandom";
    }

    // The snapshot to resume at this start: the machine's own while its restore is pending, else none.
    private async Task<MachineSnapshot?> PendingRestoreAsync(CancellationToken cancellationToken)
    {
        if (Config.SnapshotDirectory is null || !File.Exists(RestorePendingPath))
        {
            return null;
        }

        MachineSnapshot snapshot = await MachineSnapshot.ReadAsync(Config.SnapshotDirectory, cancellationToken).ConfigureAwait(false);
        if (snapshot.MemoryMiB != Config.MemoryMiB || snapshot.Cpus != Config.Cpus || snapshot.HasDataDisk != (Config.DataDiskPath is not null))
        {
            throw new MachineException($"The machine '{Name}' no longer fits its snapshot {Config.SnapshotDirectory} (memory, CPUs or data disk differ).");
        }

        return snapshot;
    }
}
