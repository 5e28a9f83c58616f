using System.Diagnostics;
using Varlink;

namespace Podman.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection : ICollectionFixture<CertificationServer>
{
    public const string Name = "servers";
}

/// <summary>The Go reference certification server (varlink-go-certification) on a unix socket.</summary>
public sealed class CertificationServer : IAsyncLifetime
{
    private readonly string _directory = CliRunner.NewTempDirectory("cert");
    private Process? _process;

    public string Address => "unix:" + Path.Combine(_directory, "certification.sock");

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo(FindBinary(), $"--varlink={Address}") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(info)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await using VarlinkConnection connection = await VarlinkConnection.ConnectAsync(Address);
                await connection.CallAsync("org.varlink.service.GetInfo");
                return;
            }
            catch (Exception e) when (e is VarlinkException or IOException or System.Net.Sockets.SocketException && attempt < 200 && !_process.HasExited)
            {
                await Task.Delay(50);   // waiting for a process to listen: bounded in count
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static string FindBinary()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        directories.Add(Environment.GetEnvironmentVariable("VARLINK_GO_PEERS") is { Length: > 0 } peers ? peers : Path.Combine(CliRunner.RepoRoot, "artifacts", "peers", "go"));
        return directories.Select(d => Path.Combine(d, "varlink-go-certification")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("varlink-go-certification was not found on PATH or in VARLINK_GO_PEERS: run bash scripts/prepare.d/10-go-peers.sh");
    }
}
