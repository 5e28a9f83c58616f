using System.Runtime.InteropServices;
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

    private readonly object _gate = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private string? _storeDirectory;
    private bool _owned;
    private bool _cleanedUp;
    private PodmanMachine? _machine;
    private PodmanClient? _client;

    /// <summary>The machine (after <see cref="InitializeAsync"/>).</summary>
    public PodmanMachine Machine => _machine ?? throw new InvalidOperationException("The appliance is not booted yet.");

    /// <summary>A client for io.podman in the machine, pinned to its host key.</summary>
    public PodmanClient Client => _client ?? throw new InvalidOperationException("The appliance is not booted yet.");

    /// <summary>Whether this fixture created the machine (and so removes it), rather than reusing <see cref="MachineVariable"/>'s.</summary>
    public bool OwnsMachine => _owned;

    /// <summary>How the machine is created (name, memory, data disk); the ISO comes from <c>$BOOT2PODMAN_ISO</c>.</summary>
    protected virtual MachineCreateOptions CreateOptions => new()
    {
        Name = "podman-testing",
        IsoPath = IsoLocator.Locate(),
        DataDiskSizeBytes = 8L * 1024 * 1024 * 1024,
    };

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
        }
        else
        {
            _storeDirectory = Directory.CreateTempSubdirectory("podman-testing-").FullName;
            _owned = true;
            WatchForCancellation();
            _machine = await new MachineStore(_storeDirectory).CreateAsync(CreateOptions).ConfigureAwait(false);
            try
            {
                await _machine.StartAsync(new MachineStartOptions { BootTimeout = BootTimeout }).ConfigureAwait(false);
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

        _client = await Machine.CreateClientAsync().ConfigureAwait(false);
        await OnReadyAsync(Machine, Client).ConfigureAwait(false);
    }

    /// <summary>Stops and removes the machine this fixture created; a reused one is left running.</summary>
    /// <returns>A task that completes when the VM is gone.</returns>
    public async Task DisposeAsync()
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

        GC.SuppressFinalize(this);
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
    }
}
