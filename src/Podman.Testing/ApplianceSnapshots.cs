using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Podman.Machine;

namespace Podman.Testing;

/// <summary>
/// The fixture's golden snapshots: one ready appliance per ISO and machine shape, saved the first time a
/// fixture boots it cold, resumed by every fixture after (in this test run, a later one, or another test
/// assembly running beside). A snapshot lives in <c>&lt;cache&gt;/&lt;key&gt;/</c>, where the key hashes the
/// ISO's content and the shape (memory, CPUs, data disk, accelerator); <c>&lt;key&gt;.lock</c> beside it is held
/// while a fixture decides, boots and saves, so fixtures starting together boot once, not once each.
/// </summary>
internal sealed class ApplianceSnapshots
{
    /// <summary>Snapshots unused this long are removed when a new one is saved (clones still running are younger).</summary>
    private static readonly TimeSpan UnusedLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _cacheDirectory;

    internal ApplianceSnapshots(string cacheDirectory) => _cacheDirectory = Path.GetFullPath(cacheDirectory);

    /// <summary>
    /// The cache directory named by <paramref name="setting"/> (<see cref="PodmanApplianceFixture.SnapshotsVariable"/>):
    /// unset or empty means <c>$XDG_CACHE_HOME/boot2podman/snapshots</c> (else <c>~/.cache/…</c>), <c>0</c>, <c>off</c>
    /// or <c>false</c> means no snapshots (every fixture boots cold), anything else is the directory.
    /// </summary>
    internal static ApplianceSnapshots? FromSetting(string? setting)
    {
        if (setting is "0" or "off" or "false")
        {
            return null;
        }

        if (!string.IsNullOrEmpty(setting))
        {
            return new ApplianceSnapshots(setting);
        }

        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new ApplianceSnapshots(Path.Combine(cache, "boot2podman", "snapshots"));
    }

    /// <summary>The directory a snapshot of this ISO content and machine shape lives in.</summary>
    internal string DirectoryFor(string isoSha256, MachineCreateOptions options)
    {
        string shape = string.Create(CultureInfo.InvariantCulture,
            $"{isoSha256}\n{options.MemoryMiB}\n{options.Cpus}\n{options.DataDiskSizeBytes?.ToString(CultureInfo.InvariantCulture) ?? "ram"}\n{options.Accelerator}");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..20];
        return Path.Combine(_cacheDirectory, key);
    }

    /// <summary>
    /// Takes the lock of <paramref name="snapshotDirectory"/> (an exclusive lock on a file beside it, released when
    /// the returned object is disposed or the process dies), waiting for another holder up to <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">Another fixture held it all that time.</exception>
    internal static async Task<IDisposable> LockAsync(string snapshotDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string path = snapshotDirectory + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var poll = new PeriodicTimer(LockPollInterval);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix, dropped by the kernel with the process.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!deadline.IsCancellationRequested)
            {
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Another test run held {path} for {timeout.TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>The snapshot in <paramref name="snapshotDirectory"/> when it is complete and of this ISO; else null.</summary>
    internal static async Task<MachineSnapshot?> TryReadAsync(string snapshotDirectory, string isoSha256, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(snapshotDirectory))
        {
            return null;
        }

        try
        {
            MachineSnapshot snapshot = await MachineSnapshot.ReadAsync(snapshotDirectory, cancellationToken).ConfigureAwait(false);
            if (snapshot.IsoSha256 == isoSha256 && File.Exists(snapshot.IsoPath))
            {
                Directory.SetLastWriteTimeUtc(snapshotDirectory, DateTime.UtcNow);   // in use: not evicted
                return snapshot;
            }
        }
        catch (MachineException)
        {
            // Incomplete or of another version: replaced below by the caller.
        }

        return null;
    }

    /// <summary>Removes a snapshot that cannot be used (under its lock), so the next save can take its place.</summary>
    internal static void Discard(string snapshotDirectory)
    {
        if (Directory.Exists(snapshotDirectory))
        {
            Directory.Delete(snapshotDirectory, recursive: true);
        }
    }

    /// <summary>Removes the snapshots no fixture has used for <see cref="UnusedLifetime"/>, except <paramref name="keep"/>.</summary>
    internal void EvictUnused(string keep)
    {
        foreach (string directory in Directory.EnumerateDirectories(_cacheDirectory))
        {
            if (directory == keep || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) < UnusedLifetime)
            {
                continue;
            }

            try
            {
                using FileStream held = new(directory + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Locked by a fixture that is using it, or already gone.
            }
        }
    }
}
