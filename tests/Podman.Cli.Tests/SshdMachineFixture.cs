using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Podman.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SshdCollection : ICollectionFixture<SshdMachineFixture>
{
    public const string Name = "sshd";
}

/// <summary>
/// A machine made by <c>machine init</c> whose SSH side is a real OpenSSH sshd on 127.0.0.1, serving the
/// machine's own host key (so the pinned fingerprint is checked for real) and its authorized_keys. Only
/// qemu is stood in for: runtime.json names a sleeping process whose argv holds the machine's pid file
/// path, which is what Podman.Machine checks to call a machine running. The VM collection does the same
/// against the appliance.
/// </summary>
public sealed class SshdMachineFixture : IAsyncLifetime
{
    public const string Name = "sshdvm";

    private Process? _sshd;
    private Process? _standIn;

    public string Directory { get; } = CliRunner.NewTempDirectory("sshd");

    public string Store => Path.Combine(Directory, "store");

    public string[] Args(params string[] arguments) => [.. arguments.Take(2), Name, "--store", Store, .. arguments.Skip(2)];

    public async Task InitializeAsync()
    {
        string iso = Path.Combine(Directory, "unused.iso");
        await File.WriteAllTextAsync(iso, "not booted: sshd stands in for the appliance");
        CliResult init = await CliRunner.RunAsync("machine", "init", Name, "--store", Store, "--iso", iso, "--no-disk");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine init failed: {init.Error}");
        }

        string machine = Path.Combine(Store, Name);
        int port = FreePort();
        System.IO.Directory.CreateDirectory("/run/sshd");
        string config = Path.Combine(Directory, "sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"ListenAddress 127.0.0.1:{port}",
            $"HostKey {Path.Combine(machine, "ssh_host_ed25519_key")}",
            $"PidFile {Path.Combine(Directory, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(machine, "authorized_keys")}",
            "PubkeyAuthentication yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password", "UsePAM no", "StrictModes no", "AllowTcpForwarding no",
        ]);
        _sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", config]) { UseShellExecute = false, RedirectStandardError = true })!;
        _sshd.BeginErrorReadLine();

        _standIn = await StartStandInAsync(machine, port);
        Port = port;

        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 200 && !_sshd.HasExited)
            {
                await Task.Delay(50);   // waiting for sshd to listen: bounded in count
            }
        }
    }

    /// <summary>The port sshd listens on.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Another machine of its own store (its own keys from <c>machine init</c>), called running on
    /// <paramref name="port"/> (a stand-in process, as for the fixture's machine); with
    /// <paramref name="pinnedFingerprint"/> its config pins that host key instead of its own.
    /// </summary>
    public async Task<SideMachine> AddMachineAsync(string name, int port, string? pinnedFingerprint = null)
    {
        string store = Path.Combine(Directory, $"store-{name}");
        CliResult init = await CliRunner.RunAsync("machine", "init", name, "--store", store, "--iso", Path.Combine(Directory, "unused.iso"), "--no-disk");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine init failed: {init.Error}");
        }

        string machine = Path.Combine(store, name);
        if (pinnedFingerprint is not null)
        {
            string configPath = Path.Combine(machine, "config.json");
            var config = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(configPath))!;
            config["hostKeyFingerprint"] = pinnedFingerprint;
            await File.WriteAllTextAsync(configPath, config.ToJsonString());
        }

        Process standIn = await StartStandInAsync(machine, port);
        return new SideMachine(name, store, standIn);
    }

    /// <summary>The fixture machine's pinned host key fingerprint (what sshd presents).</summary>
    public async Task<string> FingerprintAsync() =>
        System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Store, Name, "config.json")))!["hostKeyFingerprint"]!.GetValue<string>();

    /// <summary>A port on 127.0.0.1 where nothing listens.</summary>
    public static int ClosedPort() => FreePort();

    public Task DisposeAsync()
    {
        foreach (Process? process in new[] { _sshd, _standIn })
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                process.WaitForExit();
            }

            process?.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    // A sleeping process whose argv holds the machine's pid file path, named in runtime.json with the SSH port.
    private static async Task<Process> StartStandInAsync(string machine, int port)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", "read line", Path.Combine(machine, "qemu.pid")]) { UseShellExecute = false, RedirectStandardInput = true };
        Process standIn = Process.Start(info)!;
        await File.WriteAllTextAsync(Path.Combine(machine, "runtime.json"), string.Create(CultureInfo.InvariantCulture,
            $$"""{"processId":{{standIn.Id}},"sshPort":{{port}},"qmpSocketPath":"{{machine}}/qmp.sock","accelerator":"Kvm","startedUtc":"2026-01-01T00:00:00+00:00"}"""));
        return standIn;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A machine of <see cref="SshdMachineFixture.AddMachineAsync"/>: its name, its store, its stand-in process (ended on dispose).</summary>
public sealed class SideMachine(string name, string store, Process standIn) : IDisposable
{
    public string Name { get; } = name;

    /// <summary>A container verb's words with this machine in front.</summary>
    public string[] Podman(params string[] words) => ["--store", store, "--connection", Name, .. words];

    /// <summary>A machine verb's words with this machine and its store after the verb.</summary>
    public string[] Args(params string[] arguments) => [.. arguments.Take(2), Name, "--store", store, .. arguments.Skip(2)];

    public void Dispose()
    {
        if (!standIn.HasExited)
        {
            standIn.Kill();
            standIn.WaitForExit();
        }

        standIn.Dispose();
    }
}
