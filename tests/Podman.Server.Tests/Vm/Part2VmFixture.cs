using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Podman.Machine;
using Varlink;
using Varlink.Ssh;

namespace Podman.Server.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Part2VmCollection : ICollectionFixture<Part2VmFixture>
{
    public const string Name = "io.podman part 2 in the appliance VM (qemu)";
}

/// <summary>
/// One appliance VM (the ISO of <c>$BOOT2PODMAN_ISO</c>, with this branch's io.podman service) for the
/// part-2 conformance tests, with a busybox image imported, and Debian's docker-registry on a free port
/// of 127.0.0.1 (its own config and storage), which the guest reaches at qemu's host address 10.0.2.2
/// and podman's registries configuration marks insecure.
/// </summary>
public sealed class Part2VmFixture : IAsyncLifetime
{
    public const string BusyboxImage = "localhost/bb:test";
    private const string RegistryBinary = "/usr/bin/docker-registry";

    private readonly TempDirectory _dir = new();
    private Process? _registry;

    public PodmanMachine Machine { get; private set; } = null!;

    /// <summary>The registry as the host reaches it.</summary>
    public string HostRegistry { get; private set; } = "";

    /// <summary>The registry as the guest reaches it (<c>10.0.2.2:port</c>).</summary>
    public string GuestRegistry { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await StartRegistryAsync();
        var store = new MachineStore(_dir.File("machines"));
        Machine = await store.CreateAsync(new MachineCreateOptions { Name = "part2", IsoPath = IsoLocator.Locate(), DataDiskSizeBytes = 8L * 1024 * 1024 * 1024 });
        await Machine.StartAsync(new MachineStartOptions { BootTimeout = TimeSpan.FromMinutes(8) });

        // The image: the host's static busybox with a few applets, as a rootfs tar made in the guest.
        await using (var busybox = File.OpenRead("/bin/busybox"))
        {
            (await Machine.RunAsync("mkdir -p /tmp/bbroot/bin /tmp/bbroot/etc /tmp/bbroot/tmp && cat > /tmp/bbroot/bin/busybox && chmod 755 /tmp/bbroot/bin/busybox", busybox, TimeSpan.FromMinutes(2))).EnsureSuccess();
        }

        await RunAsync("cd /tmp/bbroot/bin && for a in sh echo sleep cat ls true; do ln -s busybox $a; done && echo 'root:x:0:0:root:/root:/bin/sh' > /tmp/bbroot/etc/passwd"
            + $" && tar -C /tmp/bbroot -c . | podman import --change CMD=/bin/sh - {BusyboxImage} >/dev/null && rm -rf /tmp/bbroot");
        await RunAsync($"printf '[[registry]]\\nlocation = \"{GuestRegistry}\"\\ninsecure = true\\n' > /etc/containers/registries.conf.d/50-test-registry.conf");

        // podman's API service reads the registries configuration once and keeps it: restart it (the
        // appliance's supervisor starts it again) and wait until it is back and reports the registry.
        await RunAsync("""
            svc() { for p in /proc/[0-9]*; do tr '\0' ' ' < $p/cmdline 2>/dev/null | grep -q '^[^ ]*podman system service ' && echo ${p#/proc/}; done; }
            old=$(svc); kill $old
            i=0; while [ $i -lt 600 ]; do new=$(svc); [ -n "$new" ] && [ "$new" != "$old" ] && [ -S /run/podman/podman.sock ] && break; i=$((i + 1)); sleep 0.1; done
            [ -n "$new" ] && [ "$new" != "$old" ]
            """);
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var insecure = (await CallAsync("GetInfo")).GetProperty("info").GetProperty("registries").GetProperty("insecure");
                if (insecure.EnumerateArray().Any(r => r.GetString() == GuestRegistry))
                {
                    return;
                }
            }
            catch (VarlinkRemoteException) when (attempt < 120 && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                // The API service is not answering yet.
            }

            if (attempt >= 120 || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"podman's API service does not report {GuestRegistry} as insecure after its restart");
            }

            await Task.Delay(500);
        }
    }

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

        HostRegistry = $"127.0.0.1:{port}";
        GuestRegistry = $"10.0.2.2:{port}";
        var config = _dir.File("registry.yml");
        await File.WriteAllTextAsync(config, $"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {_dir.File("registry")}\nhttp:\n  addr: {HostRegistry}\n");
        _registry = Process.Start(new ProcessStartInfo(RegistryBinary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.OutputDataReceived += (_, _) => { };
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"http://{HostRegistry}/v2/");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!_registry.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"docker-registry did not answer on {HostRegistry}");
    }

    /// <summary>A command in the guest that must succeed; its output.</summary>
    public async Task<string> RunAsync(string command) => (await Machine.RunAsync(command, TimeSpan.FromMinutes(5))).EnsureSuccess().StandardOutput;

    /// <summary>One io.podman call on a new connection through the bridge over SSH (pinned host key).</summary>
    public async Task<JsonElement> CallAsync(string method, string parameters = "{}")
    {
        await using var transport = new SshVarlinkTransport(Machine.CreateVarlinkOptions());
        await using var connection = await VarlinkConnection.ConnectAsync(transport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return (await connection.CallAsync("io.podman." + method, ServiceHarness.Json(parameters), timeout.Token)).Clone();
    }

    /// <summary>A streamed io.podman call (<c>more</c>) on a new connection: every reply.</summary>
    public async Task<List<JsonElement>> CallMoreAsync(string method, string parameters)
    {
        await using var transport = new SshVarlinkTransport(Machine.CreateVarlinkOptions());
        await using var connection = await VarlinkConnection.ConnectAsync(transport);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        List<JsonElement> replies = [];
        await foreach (var reply in connection.CallMoreAsync("io.podman." + method, ServiceHarness.Json(parameters), timeout.Token))
        {
            replies.Add(reply.Clone());
        }

        return replies;
    }

    public async Task DisposeAsync()
    {
        if (Machine is not null)
        {
            await Machine.StopAsync(TimeSpan.FromMinutes(2));
            await Machine.DisposeAsync();
        }

        if (_registry is { HasExited: false })
        {
            _registry.Kill();
            await _registry.WaitForExitAsync();
        }

        _registry?.Dispose();
        _dir.Dispose();
    }
}
