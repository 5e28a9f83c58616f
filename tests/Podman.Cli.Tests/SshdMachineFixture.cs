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

        var standIn = new ProcessStartInfo("/bin/sh", ["-c", "read line", Path.Combine(machine, "qemu.pid")]) { UseShellExecute = false, RedirectStandardInput = true };
        _standIn = Process.Start(standIn)!;
        await File.WriteAllTextAsync(Path.Combine(machine, "runtime.json"), string.Create(CultureInfo.InvariantCulture,
            $$"""{"processId":{{_standIn.Id}},"sshPort":{{port}},"qmpSocketPath":"{{machine}}/qmp.sock","accelerator":"Kvm","startedUtc":"2026-01-01T00:00:00+00:00"}"""));

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
