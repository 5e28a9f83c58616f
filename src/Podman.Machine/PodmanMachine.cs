using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Podman.Machine;

/// <summary>
/// One appliance VM: started with qemu from the boot2podman ISO, reached over SSH on a forwarded
/// 127.0.0.1 port with a pinned host key, stopped by the ACPI power button.
/// </summary>
/// <remarks>
/// qemu runs daemonized, so a machine started by one process can be reached and stopped by another
/// (<see cref="MachineStore.OpenAsync"/>). An instance keeps one SSH connection, opened on first use;
/// commands may run concurrently on it. Disposing the instance closes the connection but leaves the
/// VM running: stop it with <see cref="StopAsync"/>.
/// </remarks>
public sealed partial class PodmanMachine : IAsyncDisposable
{
    internal const string AuthorizedKeysFileName = "authorized_keys";
    private const int MaxUnixSocketPath = 100;
    private BootWatch? _boot;

    internal PodmanMachine(string directory, MachineConfig config)
    {
        Directory = directory;
        Config = config;
    }

    /// <summary>The machine's name.</summary>
    public string Name => Config.Name;

    /// <summary>The machine's directory (config, keys, disk, logs).</summary>
    public string Directory { get; }

    /// <summary>The machine's configuration.</summary>
    public MachineConfig Config { get; }

    /// <summary>The serial console log of the current (or last) boot.</summary>
    public string ConsoleLogPath => Path.Combine(Directory, "console.log");

    /// <summary>How long the last <see cref="StartAsync"/> in this process took until ready, or null.</summary>
    public TimeSpan? LastBootDuration { get; private set; }

    /// <summary>
    /// The phases of the last start this instance waited for until ready (<see cref="WaitUntilReadyAsync"/>):
    /// host steps and the guest's console phases with host times and guest uptimes; null before.
    /// </summary>
    public MachineBootTimings? LastBootTimings { get; private set; }

    /// <summary>Whether the machine's qemu process is running.</summary>
    public bool IsRunning => ReadRuntimeState() is not null;

    /// <summary>Where the running machine is (process, SSH port, QMP socket), or null when it is not running.</summary>
    public MachineRuntimeState? RuntimeState => ReadRuntimeState();

    internal string PidFilePath => Path.Combine(Directory, "qemu.pid");

    internal string RuntimeFilePath => Path.Combine(Directory, "runtime.json");

    internal string AuthorizedKeysPath => Path.Combine(Directory, AuthorizedKeysFileName);

    // Present while a machine made from a snapshot has not been resumed from it yet.
    internal string RestorePendingPath => Path.Combine(Directory, "restore.pending");

    // Unix socket paths are limited to 108 bytes; deep machine directories get a socket in /tmp.
    internal string QmpSocketPath
    {
        get
        {
            string local = Path.Combine(Directory, "qmp.sock");
            if (Encoding.UTF8.GetByteCount(local) <= MaxUnixSocketPath)
            {
                return local;
            }

            string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Directory)))[..16];
            return Path.Combine(Path.GetTempPath(), $"boot2podman-{hash}.qmp");
        }
    }

    /// <summary>How to reach the running machine with another SSH client.</summary>
    /// <returns>The endpoint.</returns>
    /// <exception cref="MachineException">The machine is not running.</exception>
    public SshEndpoint GetSshEndpoint()
    {
        MachineRuntimeState state = RequireRunning();
        return new SshEndpoint("127.0.0.1", state.SshPort, Config.SshUser, Config.IdentityFile, Config.HostKeyFingerprint);
    }

    /// <summary>Closes the SSH connection; the VM keeps running.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _sshLock.Dispose();
    }

    private MachineRuntimeState RequireRunning() =>
        ReadRuntimeState() ?? throw new MachineException($"The machine '{Name}' is not running.");

    private MachineRuntimeState? ReadRuntimeState()
    {
        MachineRuntimeState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllText(RuntimeFilePath), MachineJsonContext.Default.MachineRuntimeState);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }

        return state is not null && IsQemuAlive(state.ProcessId) ? state : null;
    }

    // A process is our qemu if it is alive (not a zombie) and an argument names our pid file
    // (qemu has "-pidfile <path>"); that guards against a recycled pid.
    private bool IsQemuAlive(int pid)
    {
        string proc = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            string stat = File.ReadAllText(Path.Combine(proc, "stat"));
            int close = stat.LastIndexOf(')');
            if (close < 0 || close + 2 >= stat.Length || stat[close + 2] == 'Z' || stat[close + 2] == 'X')
            {
                return false;
            }

            string[] cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0');
            return cmdline.Any(argument => argument.Contains(PidFilePath, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void DeleteRuntimeFiles()
    {
        foreach (string path in new[] { RuntimeFilePath, PidFilePath, QmpSocketPath })
        {
            File.Delete(path);
        }
    }
}
