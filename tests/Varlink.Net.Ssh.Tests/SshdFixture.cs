using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Varlink.Ssh.Tests;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 on a free port: generated host and user keys, public key login
/// only, no ForceCommand, so that tests can run the bridge binary through it. Can be killed and
/// restarted on the same port for fault tests.
/// </summary>
public sealed class SshdFixture : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly string _config;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public SshdFixture()
    {
        if (!File.Exists(Sshd))
        {
            throw new InvalidOperationException(
                $"{Sshd} is missing: install the openssh-server package (bash scripts/install-deps.sh installs it).");
        }

        Directory = TestPaths.NewTempDirectory("sshd");
        var hostKey = ProcessRunner.GenerateKey(Directory, "host_ed25519");
        HostKeyBlob = ReadPublicKeyBlob(hostKey + ".pub");
        HostKeyFingerprint = Ssh.HostKeyFingerprint.Compute(HostKeyBlob);
        UserKey = ProcessRunner.GenerateKey(Directory, "user_ed25519");
        UserRsaKey = ProcessRunner.GenerateKey(Directory, "user_rsa", "rsa");
        var authorizedKeys = Path.Combine(Directory, "authorized_keys");
        File.WriteAllText(authorizedKeys, File.ReadAllText(UserKey + ".pub") + File.ReadAllText(UserRsaKey + ".pub"));
        Port = FreePort();

        // sshd refuses to start without its privilege separation directory.
        System.IO.Directory.CreateDirectory("/run/sshd");
        _config = Path.Combine(Directory, "sshd_config");
        File.WriteAllText(_config, string.Join('\n',
            $"ListenAddress 127.0.0.1:{Port}",
            $"HostKey {hostKey}",
            $"PidFile {Path.Combine(Directory, "sshd.pid")}",
            $"AuthorizedKeysFile {authorizedKeys}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PrintMotd no",
            "MaxSessions 64",
            "MaxStartups 64",
            "LogLevel VERBOSE",
            string.Empty));
        Start();
    }

    /// <summary>The fixture's scratch directory.</summary>
    public string Directory { get; }

    /// <summary>The port sshd listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The host key in SSH wire format.</summary>
    public byte[] HostKeyBlob { get; }

    /// <summary>The host key's SHA256 fingerprint.</summary>
    public string HostKeyFingerprint { get; }

    /// <summary>An authorized ed25519 private key file.</summary>
    public string UserKey { get; }

    /// <summary>An authorized RSA private key file.</summary>
    public string UserRsaKey { get; }

    /// <summary>A known_hosts line for this server (plain, not hashed).</summary>
    public string KnownHostsLine => $"[127.0.0.1]:{Port} ssh-ed25519 {Convert.ToBase64String(HostKeyBlob)}";

    /// <summary>What sshd logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Options for this server: the ed25519 user key and a pinned host key.</summary>
    public SshVarlinkOptions Options(string socketPath)
    {
        var options = new SshVarlinkOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            UserName = Environment.UserName,
            SocketPath = socketPath,
            BridgeProgram = TestPaths.BridgeBinary,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            KeepAliveInterval = TimeSpan.FromSeconds(1),
        };
        options.PrivateKeyFiles.Add(UserKey);
        options.HostKeyFingerprints.Add(HostKeyFingerprint);
        return options;
    }

    /// <summary>Starts sshd if it is not running, and waits until it answers with its banner.</summary>
    public void EnsureRunning()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        Start();
    }

    /// <summary>Kills sshd and every process under it (per-connection sshd processes and their commands).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>Reads the key blob out of a .pub file.</summary>
    public static byte[] ReadPublicKeyBlob(string path) =>
        Convert.FromBase64String(File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private void Start()
    {
        var start = new ProcessStartInfo(Sshd)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-D", "-e", "-f", _config })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start sshd");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        WaitForBanner(process);
    }

    private void WaitForBanner(Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {process.ExitCode}:\n{Log}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                var buffer = new byte[64];
                client.ReceiveTimeout = 5000;
                var read = client.GetStream().Read(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (IOException)
            {
                // Accepted but no banner yet.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"sshd did not answer on 127.0.0.1:{Port} within 20 s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
