using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Podman.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection : ICollectionFixture<MachineFixture>
{
    public const string Name = "vm";
}

/// <summary>
/// One appliance VM for the collection, created and booted by the CLI itself (machine init, machine start)
/// from $BOOT2PODMAN_ISO or artifacts/boot2podman.iso; stopped and removed by the CLI at the end. For the
/// container verbs it also holds a busybox image (<see cref="Image"/>, the host's static busybox imported
/// in the guest) and Debian's docker-registry on a free port of 127.0.0.1, which the guest reaches at
/// qemu's host address 10.0.2.2 (<see cref="GuestRegistry"/>, marked insecure in the guest).
/// </summary>
public sealed class MachineFixture : IAsyncLifetime
{
    public const string Name = "clivm";

    /// <summary>The test image in the guest.</summary>
    public const string Image = "localhost/bb:test";

    private const string RegistryBinary = "/usr/bin/docker-registry";

    private readonly string _registryDirectory = CliRunner.NewTempDirectory("registry");
    private Process? _registry;

    /// <summary>The registry as the guest reaches it (<c>10.0.2.2:port</c>).</summary>
    public string GuestRegistry { get; private set; } = "";

    /// <summary>A container verb's words with the store and this machine in front (root options, so pass-through verbs keep their words).</summary>
    public string[] Podman(params string[] words) => ["--store", Store, "--connection", Name, .. words];

    public string Store { get; } = CliRunner.NewTempDirectory("vmstore");

    public CliResult Init { get; private set; } = null!;

    public CliResult Start { get; private set; } = null!;

    public string[] Args(params string[] arguments) => [.. arguments.Take(2), Name, "--store", Store, .. arguments.Skip(2)];

    public async Task InitializeAsync()
    {
        string iso = Environment.GetEnvironmentVariable("BOOT2PODMAN_ISO") is { Length: > 0 } given ? given : Path.Combine(CliRunner.RepoRoot, "artifacts", "boot2podman.iso");
        if (!File.Exists(iso))
        {
            throw new InvalidOperationException($"{iso} is missing: set BOOT2PODMAN_ISO or build it (bash scripts/prepare.d/50-appliance.sh).");
        }

        Init = await CliRunner.RunAsync("machine", "init", Name, "--store", Store, "--iso", iso, "--no-disk", "--memory", "1536");
        if (Init.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine init failed ({Init.ExitCode}): {Init.Error}");
        }

        Start = await CliRunner.RunAsync(["machine", "start", Name, "--store", Store, "--timeout", "900"], timeout: TimeSpan.FromMinutes(16));
        if (Start.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine start failed ({Start.ExitCode}): {Start.Output}{Start.Error}");
        }

        await StartRegistryAsync();

        // The image: the host's static busybox, sent over machine ssh's standard input, a link per applet, imported.
        await GuestAsync("mkdir -p /tmp/bbroot/bin /tmp/bbroot/etc /tmp/bbroot/tmp && cat > /tmp/bbroot/bin/busybox && chmod 755 /tmp/bbroot/bin/busybox", "/bin/busybox");
        await GuestAsync("cd /tmp/bbroot/bin && for a in $(./busybox --list); do [ $a = busybox ] || ln -s busybox $a; done && echo 'root:x:0:0:root:/root:/bin/sh' > /tmp/bbroot/etc/passwd"
            + $" && tar -C /tmp/bbroot -c . | podman import --change CMD=/bin/sh - {Image} >/dev/null && rm -rf /tmp/bbroot"
            + $" && printf '[[registry]]\\nlocation = \"{GuestRegistry}\"\\ninsecure = true\\n' > /etc/containers/registries.conf.d/50-cli-test-registry.conf");
    }

    /// <summary>A shell command in the guest (machine ssh) that must succeed, with a host file as its standard input.</summary>
    public async Task<string> GuestAsync(string command, string? inputFile = null)
    {
        string cli = $"dotnet '{CliRunner.CliDll}' machine ssh {Name} --store '{Store}' -- sh -c {Quote(command)}{(inputFile is null ? " </dev/null" : $" < '{inputFile}'")}";
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(cli);
        using Process shell = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Task<string> error = shell.StandardError.ReadToEndAsync(timeout.Token);
        string output = await shell.StandardOutput.ReadToEndAsync(timeout.Token);
        await shell.WaitForExitAsync(timeout.Token);
        return shell.ExitCode == 0 ? output : throw new InvalidOperationException($"guest command failed ({shell.ExitCode}): {command}: {await error}");
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task StartRegistryAsync()
    {
        if (!File.Exists(RegistryBinary))
        {
            throw new InvalidOperationException($"{RegistryBinary} is missing: install docker-registry (scripts/deps.d/podman-server.txt, scripts/install-deps.sh).");
        }

        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        string host = $"127.0.0.1:{port}";
        GuestRegistry = $"10.0.2.2:{port}";
        string config = Path.Combine(_registryDirectory, "registry.yml");
        await File.WriteAllTextAsync(config, $"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(_registryDirectory, "storage")}\nhttp:\n  addr: {host}\n");
        _registry = Process.Start(new ProcessStartInfo(RegistryBinary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.OutputDataReceived += (_, _) => { };
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 150 && clock.Elapsed < TimeSpan.FromSeconds(30) && !_registry.HasExited; attempt++)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync($"http://{host}/v2/");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);   // a poll interval, bounded in count and time
        }

        throw new InvalidOperationException($"docker-registry did not answer on {host}");
    }

    public async Task DisposeAsync()
    {
        await CliRunner.RunAsync(["machine", "stop", Name, "--store", Store, "--timeout", "60"], timeout: TimeSpan.FromMinutes(3));
        await CliRunner.RunAsync("machine", "rm", Name, "--store", Store);
        if (_registry is { HasExited: false })
        {
            _registry.Kill();
            await _registry.WaitForExitAsync();
        }

        _registry?.Dispose();
        Directory.Delete(_registryDirectory, recursive: true);
        Directory.Delete(Store, recursive: true);
    }
}
