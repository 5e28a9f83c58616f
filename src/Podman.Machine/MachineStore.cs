using System.Text.Json;
using System.Text.RegularExpressions;

namespace Podman.Machine;

/// <summary>
/// The per-user directory of machines: <c>$XDG_DATA_HOME/boot2podman/machines/&lt;name&gt;/</c>
/// (default <c>~/.local/share/boot2podman/machines</c>), one directory per machine with its
/// <c>config.json</c>, keys, data disk and console log.
/// </summary>
/// <remarks>
/// The store holds no state in memory: several processes may use the same directory; what a running
/// machine needs to be found again is written to its <c>runtime.json</c>.
/// </remarks>
public sealed partial class MachineStore
{
    /// <summary>The name of a machine's configuration file.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>Creates a store over <paramref name="rootDirectory"/> (default <see cref="DefaultRootDirectory"/>).</summary>
    /// <param name="rootDirectory">The directory holding one subdirectory per machine; created when needed.</param>
    public MachineStore(string? rootDirectory = null)
    {
        RootDirectory = Path.GetFullPath(rootDirectory ?? DefaultRootDirectory);
    }

    /// <summary>The default store: <c>$XDG_DATA_HOME/boot2podman/machines</c>, or <c>~/.local/share/boot2podman/machines</c>.</summary>
    public static string DefaultRootDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            string data = !string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "boot2podman", "machines");
        }
    }

    /// <summary>The directory holding the machines.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// Creates a machine: its directory, an ed25519 user key pair (unless one is given), an ed25519 host
    /// key pair whose fingerprint is pinned, the format-me data disk (unless none is wanted) and its config.
    /// </summary>
    /// <param name="options">What to create.</param>
    /// <param name="cancellationToken">Cancels the creation (what was made is removed).</param>
    /// <returns>The new, stopped machine.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="MachineException">The machine exists already, or a tool failed.</exception>
    /// <exception cref="FileNotFoundException">No ISO was found.</exception>
    public async Task<PodmanMachine> CreateAsync(MachineCreateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateName(options.Name, nameof(options));
        if (options.MemoryMiB < 512)
        {
            throw new ArgumentException($"{nameof(options.MemoryMiB)} must be at least 512, not {options.MemoryMiB}.", nameof(options));
        }

        if (options.Cpus < 1)
        {
            throw new ArgumentException($"{nameof(options.Cpus)} must be at least 1, not {options.Cpus}.", nameof(options));
        }

        if (options.DataDiskSizeBytes is { } size && size < FormatMeDisk.MinimumSizeBytes)
        {
            throw new ArgumentException($"{nameof(options.DataDiskSizeBytes)} must be at least {FormatMeDisk.MinimumSizeBytes} bytes.", nameof(options));
        }

        string iso = IsoLocator.Locate(options.IsoPath);
        string dir = Path.Combine(RootDirectory, options.Name);
        if (Directory.Exists(dir))
        {
            throw new MachineException($"The machine '{options.Name}' exists already ({dir}).");
        }

        CreateMachineDirectory(dir);
        try
        {
            string identity;
            if (options.IdentityFile is null)
            {
                identity = Path.Combine(dir, "id_ed25519");
                await SshKeys.GenerateEd25519Async(identity, $"boot2podman-{options.Name}", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                identity = Path.GetFullPath(options.IdentityFile);
                if (!File.Exists(identity) || !File.Exists(identity + ".pub"))
                {
                    throw new ArgumentException($"{nameof(options.IdentityFile)} needs both {identity} and {identity}.pub.", nameof(options));
                }
            }

            string hostKey = Path.Combine(dir, "ssh_host_ed25519_key");
            string hostFingerprint = await SshKeys.GenerateEd25519Async(hostKey, $"root@{options.Name}", cancellationToken).ConfigureAwait(false);
            string authorizedKeys = (await File.ReadAllTextAsync(identity + ".pub", cancellationToken).ConfigureAwait(false)).Trim() + "\n";
            await File.WriteAllTextAsync(Path.Combine(dir, PodmanMachine.AuthorizedKeysFileName), authorizedKeys, cancellationToken).ConfigureAwait(false);

            string? disk = null;
            if (options.DataDiskSizeBytes is { } diskSize)
            {
                disk = Path.Combine(dir, "disk.qcow2");
                await FormatMeDisk.CreateAsync(disk, diskSize, authorizedKeys, cancellationToken).ConfigureAwait(false);
            }

            var config = new MachineConfig
            {
                Name = options.Name,
                IsoPath = iso,
                DataDiskPath = disk,
                DataDiskSizeBytes = options.DataDiskSizeBytes ?? 0,
                MemoryMiB = options.MemoryMiB,
                Cpus = options.Cpus,
                Accelerator = options.Accelerator,
                IdentityFile = identity,
                HostKeyFile = hostKey,
                HostKeyFingerprint = hostFingerprint,
                CreatedUtc = DateTimeOffset.UtcNow,
            };
            await WriteConfigAsync(dir, config, cancellationToken).ConfigureAwait(false);
            return new PodmanMachine(dir, config);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Creates a machine from a snapshot (<see cref="PodmanMachine.SaveSnapshotAsync"/>): its first start
    /// resumes the snapshot's ready state in about the time qemu takes to load the memory. The machine's data
    /// disk is a qcow2 overlay of the snapshot's (which stays unchanged, so any number of machines can be
    /// made from one snapshot); the user key and SSH host key are the snapshot's (the guest holds them in
    /// its memory), as are memory size, CPUs and accelerator.
    /// </summary>
    /// <param name="name">The new machine's name.</param>
    /// <param name="snapshotDirectory">The snapshot's directory; it must stay where it is while the machine exists.</param>
    /// <param name="cancellationToken">Cancels the creation (what was made is removed).</param>
    /// <returns>The new, stopped machine.</returns>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="MachineException">The machine exists already, the snapshot is unreadable, or qemu-img failed.</exception>
    public async Task<PodmanMachine> CreateFromSnapshotAsync(string name, string snapshotDirectory, CancellationToken cancellationToken = default)
    {
        ValidateName(name, nameof(name));
        ArgumentException.ThrowIfNullOrEmpty(snapshotDirectory);
        string source = Path.GetFullPath(snapshotDirectory);
        MachineSnapshot snapshot = await MachineSnapshot.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        string dir = Path.Combine(RootDirectory, name);
        if (Directory.Exists(dir))
        {
            throw new MachineException($"The machine '{name}' exists already ({dir}).");
        }

        CreateMachineDirectory(dir);
        try
        {
            string identity = Path.Combine(dir, MachineSnapshot.IdentityFileName);
            string hostKey = Path.Combine(dir, MachineSnapshot.HostKeyFileName);
            MachineSnapshot.CopyKeys(Path.Combine(source, MachineSnapshot.IdentityFileName), Path.Combine(source, MachineSnapshot.HostKeyFileName), identity, hostKey);
            string authorizedKeys = (await File.ReadAllTextAsync(identity + ".pub", cancellationToken).ConfigureAwait(false)).Trim() + "\n";
            await File.WriteAllTextAsync(Path.Combine(dir, PodmanMachine.AuthorizedKeysFileName), authorizedKeys, cancellationToken).ConfigureAwait(false);

            string? disk = null;
            if (snapshot.HasDataDisk)
            {
                disk = Path.Combine(dir, "disk.qcow2");
                await ToolRunner.RunCheckedAsync("qemu-img",
                    ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", Path.Combine(source, MachineSnapshot.DiskFileName), disk],
                    TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            }

            var config = new MachineConfig
            {
                Name = name,
                IsoPath = snapshot.IsoPath,
                DataDiskPath = disk,
                DataDiskSizeBytes = snapshot.DataDiskSizeBytes,
                MemoryMiB = snapshot.MemoryMiB,
                Cpus = snapshot.Cpus,
                Accelerator = snapshot.Accelerator,
                IdentityFile = identity,
                HostKeyFile = hostKey,
                HostKeyFingerprint = snapshot.HostKeyFingerprint,
                SnapshotDirectory = source,
                CreatedUtc = DateTimeOffset.UtcNow,
            };
            await WriteConfigAsync(dir, config, cancellationToken).ConfigureAwait(false);
            var machine = new PodmanMachine(dir, config);
            await File.WriteAllTextAsync(machine.RestorePendingPath, source + "\n", cancellationToken).ConfigureAwait(false);
            return machine;
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>Opens an existing machine (running or not).</summary>
    /// <param name="name">The machine's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The machine.</returns>
    /// <exception cref="MachineException">There is no such machine, or its config is unreadable.</exception>
    public async Task<PodmanMachine> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name, nameof(name));
        string dir = Path.Combine(RootDirectory, name);
        string path = Path.Combine(dir, ConfigFileName);
        if (!File.Exists(path))
        {
            throw new MachineException($"There is no machine '{name}' in {RootDirectory}.");
        }

        MachineConfig? config;
        try
        {
            await using FileStream stream = File.OpenRead(path);
            config = await JsonSerializer.DeserializeAsync(stream, MachineJsonContext.Default.MachineConfig, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new MachineException($"The config of machine '{name}' ({path}) is not valid: {e.Message}", e);
        }

        if (config is null || config.Version != MachineConfig.CurrentVersion || config.Name != name)
        {
            throw new MachineException($"The config of machine '{name}' ({path}) is not a version {MachineConfig.CurrentVersion} config of that machine.");
        }

        if (File.Exists(config.HostKeyFile))
        {
            SshKeys.EnsurePublicKeyFile(config.HostKeyFile);   // clones made before snapshots kept the host key's .pub
        }

        return new PodmanMachine(dir, config);
    }

    /// <summary>The names of the machines in the store, sorted.</summary>
    /// <returns>The names; empty if the store does not exist yet.</returns>
    public IReadOnlyList<string> List() =>
        !Directory.Exists(RootDirectory)
            ? []
            : Directory.EnumerateDirectories(RootDirectory)
                .Where(d => File.Exists(Path.Combine(d, ConfigFileName)))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();

    /// <summary>Removes a machine: kills its VM if it runs, then deletes its directory (keys, disk, logs).</summary>
    /// <param name="name">The machine's name.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <exception cref="MachineException">There is no such machine.</exception>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        await using PodmanMachine machine = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        await machine.KillAsync(cancellationToken).ConfigureAwait(false);
        Directory.Delete(machine.Directory, recursive: true);
    }

    // The store, then the machine's own directory, private to the user (keys live there).
    private void CreateMachineDirectory(string dir)
    {
        Directory.CreateDirectory(RootDirectory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    internal static async Task WriteConfigAsync(string dir, MachineConfig config, CancellationToken cancellationToken)
    {
        string path = Path.Combine(dir, ConfigFileName);
        string temporary = path + ".tmp";
        await using (FileStream stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, config, MachineJsonContext.Default.MachineConfig, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    internal static void ValidateName(string name, string parameterName)
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"A machine name has 1 to 63 letters, digits, '.', '_' or '-', and starts with a letter or digit; '{name}' does not.", parameterName);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
