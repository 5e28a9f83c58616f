using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Podman.Client;
using Podman.Machine;
using Xunit;

namespace Podman.Testing;

/// <summary>
/// An xunit fixture (use it as a collection fixture) that creates and boots a boot2podman appliance from
/// <c>$BOOT2PODMAN_ISO</c> once, hands tests a <see cref="PodmanClient"/>, and stops and removes the VM at
/// the end — also when the run is cancelled (SIGINT, SIGTERM, process exit). When
/// <c>$PODMAN_TESTING_MACHINE</c> names a running machine's directory, that machine is used and left running,
/// so one VM can serve several test assemblies.
/// </summary>
/// <remarks>
/// A failed boot fails every test of the collection with a <see cref="PodmanApplianceException"/> that carries
/// the console's last lines. Derive from this class to change <see cref="CreateOptions"/> or to prepare the
/// machine in <see cref="OnReadyAsync"/> (import images, say).
/// </remarks>
public class PodmanApplianceFixture : IAsyncLifetime
{
    /// <summary>The variable naming a running machine's directory (<c>&lt;store&gt;/&lt;name&gt;</c>) to reuse.</summary>
    public const string MachineVariable = "PODMAN_TESTING_MACHINE";

    /// <summary>
    /// The variable naming the directory of the golden snapshots (default <c>$XDG_CACHE_HOME/boot2podman/snapshots</c>,
    /// else <c>~/.cache/boot2podman/snapshots</c>); <c>0</c>, <c>off</c> or <c>false</c> turns them off.
    /// </summary>
    /// <remarks>
    /// The first fixture to boot an ISO (with this fixture's <see cref="CreateOptions"/> shape) boots it cold and saves
    /// the ready appliance there; every later fixture, in this run or another, resumes a clone of that state in a few
    /// seconds instead of booting. Each clone has its own copy-on-write disk: what one test run does is never seen by
    /// another. Fixtures that start together wait for the one that boots, so an ISO is booted cold once.
    /// </remarks>
    public const string SnapshotsVariable = "PODMAN_TESTING_SNAPSHOTS";

    private readonly object _gate = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private string? _storeDirectory;
    private bool _owned;
    private bool _cleanedUp;
    private PodmanMachine? _machine;
    private PodmanClient? _client;
    private HostRegistry? _registry;

    /// <summary>The machine (after <see cref="InitializeAsync"/>).</summary>
    public PodmanMachine Machine => _machine ?? throw new InvalidOperationException("The appliance is not booted yet.");

    /// <summary>A client for io.podman in the machine, pinned to its host key.</summary>
    public PodmanClient Client => _client ?? throw new InvalidOperationException("The appliance is not booted yet.");

    /// <summary>
    /// The registry on the host that podman in the machine trusts (after <see cref="InitializeAsync"/>), when
    /// <see cref="StartsHostRegistry"/> says so; the machine reaches it at <see cref="HostRegistry.GuestAddress"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The fixture starts no registry, or is not initialized yet.</exception>
    public HostRegistry HostRegistry => _registry ?? throw new InvalidOperationException(
        StartsHostRegistry ? "The appliance is not booted yet." : "This fixture starts no host registry: override StartsHostRegistry to return true.");

    /// <summary>Whether this fixture created the machine (and so removes it), rather than reusing <see cref="MachineVariable"/>'s.</summary>
    public bool OwnsMachine => _owned;

    /// <summary>How the machine came up: resumed from a golden snapshot, booted cold (and saved as one), or reused.</summary>
    public string StartKind { get; private set; } = "not started";

    /// <summary>How the machine is created (name, memory, data disk); the ISO comes from <c>$BOOT2PODMAN_ISO</c>.</summary>
    protected virtual MachineCreateOptions CreateOptions => new()
    {
        Name = "podman-testing",
        IsoPath = IsoLocator.Locate(),
        DataDiskSizeBytes = 8L * 1024 * 1024 * 1024,
    };

    /// <summary>
    /// Whether the fixture starts a <see cref="HostRegistry"/> and makes podman in the machine trust it, before
    /// <see cref="OnReadyAsync"/>; it is stopped after the machine. Off unless a derived fixture turns it on.
    /// </summary>
    protected virtual bool StartsHostRegistry => false;

    /// <summary>How long the boot may take.</summary>
    protected virtual TimeSpan BootTimeout => TimeSpan.FromMinutes(8);

    /// <summary>Creates and boots the machine (or opens the one to reuse) and connects the client.</summary>
    /// <returns>A task that completes when io.podman answers.</returns>
    /// <exception cref="PodmanApplianceException">The machine did not boot; the message ends with the console's last lines.</exception>
    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(MachineVariable) is { Length: > 0 } existing)
        {
            var directory = Path.GetFullPath(existing);
            var store = new MachineStore(Path.GetDirectoryName(directory));
            _machine = await store.OpenAsync(Path.GetFileName(directory)).ConfigureAwait(false);
            if (!_machine.IsRunning)
            {
                throw new PodmanApplianceException($"{MachineVariable} names {directory}, which is not running.", _machine.ConsoleLogPath, "");
            }

            StartKind = $"reused {directory}";
        }
        else
        {
            _storeDirectory = Directory.CreateTempSubdirectory("podman-testing-").FullName;
            _owned = true;
            WatchForCancellation();
            var store = new MachineStore(_storeDirectory);
            MachineCreateOptions options = CreateOptions;
            options = options with { IsoPath = options.IsoPath ?? IsoLocator.Locate() };
            if (ApplianceSnapshots.FromSetting(Environment.GetEnvironmentVariable(SnapshotsVariable)) is { } snapshots)
            {
                await StartFromSnapshotAsync(store, options, snapshots).ConfigureAwait(false);
            }
            else
            {
                await BootColdAsync(store, options).ConfigureAwait(false);
            }
        }

        _client = await Machine.CreateClientAsync().ConfigureAwait(false);
        if (StartsHostRegistry)
        {
            _registry = await HostRegistry.StartAsync().ConfigureAwait(false);
            try
            {
                await _registry.TrustAsync(Machine, Client).ConfigureAwait(false);
            }
            catch
            {
                await StopRegistryAsync().ConfigureAwait(false);
                throw;
            }
        }

        await OnReadyAsync(Machine, Client).ConfigureAwait(false);
    }

    /// <summary>Stops and removes the machine this fixture created; a reused one is left running.</summary>
    /// <returns>A task that completes when the VM is gone.</returns>
    public async Task DisposeAsync()
    {
        try
        {
            await DisposeMachineAsync().ConfigureAwait(false);
        }
        finally
        {
            await StopRegistryAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    private async Task StopRegistryAsync()
    {
        if (Interlocked.Exchange(ref _registry, null) is { } registry)
        {
            await registry.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task DisposeMachineAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_owned || _machine is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await _machine.StopAsync(TimeSpan.FromMinutes(1), timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await CleanUpAsync().ConfigureAwait(false);
        }
    }

    private async Task StartFromSnapshotAsync(MachineStore store, MachineCreateOptions options, ApplianceSnapshots snapshots)
    {
        string iso = await HashFileAsync(options.IsoPath!).ConfigureAwait(false);
        string directory = snapshots.DirectoryFor(iso, options);
        using (await ApplianceSnapshots.LockAsync(directory, BootTimeout + TimeSpan.FromMinutes(5), CancellationToken.None).ConfigureAwait(false))
        {
            if (await ApplianceSnapshots.TryReadAsync(directory, iso, CancellationToken.None).ConfigureAwait(false) is null)
            {
                // None yet (or a broken one): boot cold, save the ready state for the fixtures after this one.
                ApplianceSnapshots.Discard(directory);
                await BootColdAsync(store, options).ConfigureAwait(false);
                try
                {
                    await Machine.SaveSnapshotAsync(directory).ConfigureAwait(false);
                    StartKind = $"booted cold, saved as snapshot {directory}";
                    snapshots.EvictUnused(directory);
                }
                catch (Exception e) when (e is MachineException or IOException)
                {
                    StartKind = $"booted cold (saving the snapshot failed: {e.Message})";
                }

                return;
            }
        }

        _machine = await store.CreateFromSnapshotAsync(options.Name, directory).ConfigureAwait(false);
        try
        {
            await _machine.StartAsync(new MachineStartOptions { BootTimeout = BootTimeout }).ConfigureAwait(false);
            StartKind = $"resumed from snapshot {directory}";
        }
        catch (Exception e) when (e is MachineException or IOException or TimeoutException)
        {
            // A snapshot that does not resume here (another qemu, say): boot cold, and say so.
            string why = e.Message;
            if (_machine.IsRunning)
            {
                await _machine.KillAsync().ConfigureAwait(false);
            }

            await _machine.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(Path.Combine(store.RootDirectory, options.Name), recursive: true);
            await BootColdAsync(store, options).ConfigureAwait(false);
            StartKind = $"booted cold (resuming snapshot {directory} failed: {why})";
        }
    }

    private async Task BootColdAsync(MachineStore store, MachineCreateOptions options)
    {
        _machine = await store.CreateAsync(options).ConfigureAwait(false);
        try
        {
            await _machine.StartAsync(new MachineStartOptions { BootTimeout = BootTimeout }).ConfigureAwait(false);
            StartKind = "booted cold";
        }
        catch (MachineBootException e)
        {
            throw new PodmanApplianceException($"The appliance did not boot: {e.Reason}", e.ConsoleLogPath, e.ConsoleTail, e);
        }
        catch (Exception e) when (e is not PodmanApplianceException)
        {
            throw new PodmanApplianceException($"The appliance did not start: {e.Message}", _machine.ConsoleLogPath, ConsoleTail(_machine.ConsoleLogPath), e);
        }
    }

    private static async Task<string> HashFileAsync(string path)
    {
        await using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream).ConfigureAwait(false));
    }

    /// <summary>Runs once the client answers: prepare the machine for the tests here.</summary>
    /// <param name="machine">The machine.</param>
    /// <param name="client">The client.</param>
    /// <returns>A task that completes when the machine is prepared.</returns>
    protected virtual Task OnReadyAsync(PodmanMachine machine, PodmanClient client) => Task.CompletedTask;

    private static string ConsoleTail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(40)) : "(no console log)";

    private void WatchForCancellation()
    {
        // A cancelled run (Ctrl+C, a CI timeout's SIGTERM) never reaches DisposeAsync: kill qemu and remove the files.
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, _ => CleanUpAsync().GetAwaiter().GetResult()));
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    private void OnProcessExit(object? sender, EventArgs e) => CleanUpAsync().GetAwaiter().GetResult();

    private async Task CleanUpAsync()
    {
        lock (_gate)
        {
            if (_cleanedUp)
            {
                return;
            }

            _cleanedUp = true;
        }

        if (_machine is { } machine)
        {
            try
            {
                if (machine.IsRunning)
                {
                    await machine.KillAsync().ConfigureAwait(false);
                }

                await machine.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is MachineException or IOException)
            {
                // Cleaning up: the directory below goes either way.
            }
        }

        if (_storeDirectory is not null && Directory.Exists(_storeDirectory))
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }

        // A cancelled run leaves no registry process behind either.
        await StopRegistryAsync().ConfigureAwait(false);
    }
}
