using System.Diagnostics;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// A Go program built by GoClient/build.sh on bindings varlink-go-interface-generator made from
/// io.podman.varlink, and the bridge command line that reaches the VM's io.podman with OpenSSH and the
/// machine's pinned host key: a client whose transport no one here wrote.
/// </summary>
internal sealed class GoPeer(IoPodmanVm vm, ITestOutputHelper output, TempDirectory dir)
{
    /// <summary>Builds <paramref name="mainGo"/> (relative to GoClient/): the program's path.</summary>
    public async Task<string> BuildAsync(string mainGo = "main.go")
    {
        var goClient = Path.Combine(AppContext.BaseDirectory, "GoClient");
        var printed = await RunAsync("bash", [Path.Combine(goClient, "build.sh"), Path.Combine(AppContext.BaseDirectory, "io.podman.varlink"), dir.File("go-" + mainGo.Replace('/', '-')), Path.Combine(goClient, mainGo)]);
        return printed.Trim().Split('\n')[^1];
    }

    /// <summary>The <c>ssh … varlink bridge</c> line, with a known_hosts file holding only the machine's key.</summary>
    public async Task<string> BridgeAsync()
    {
        var endpoint = vm.Machine.GetSshEndpoint();
        var knownHosts = dir.File("known_hosts");
        var hostKey = (await File.ReadAllTextAsync(vm.Machine.Config.HostKeyFile + ".pub")).Trim().Split(' ');
        await File.WriteAllTextAsync(knownHosts, $"[{endpoint.Host}]:{endpoint.Port} {hostKey[0]} {hostKey[1]}\n");
        return $"ssh -T -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={knownHosts} -o GlobalKnownHostsFile=/dev/null "
            + $"-i {endpoint.IdentityFile} -p {endpoint.Port} {endpoint.User}@{endpoint.Host} varlink bridge --connect unix:/run/podman/io.podman";
    }

    /// <summary>Runs a program to its end (5 minutes at most); it must exit 0: its standard output.</summary>
    public async Task<string> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.WriteLine($"{Path.GetFileName(file)}: {await stdout}{await stderr}");
        Assert.True(process.ExitCode == 0, $"{file} exited {process.ExitCode}: {await stdout}{await stderr}");
        return await stdout;
    }
}
