using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Podman.Client;
using Podman.Machine;

namespace Podman.Testing;

/// <summary>
/// An image registry on the host for pull and push tests: Debian's <c>docker-registry</c> (the distribution
/// registry) on a free port of 127.0.0.1, with its own configuration and storage in a temporary directory.
/// An appliance reaches it at qemu's user-network address of the host, <see cref="GuestAddress"/>, once
/// <see cref="TrustAsync"/> has marked it insecure (plain HTTP) in the machine's podman.
/// </summary>
/// <remarks>Dispose it to stop the registry and delete what it stored.</remarks>
public sealed class HostRegistry : IAsyncDisposable
{
    /// <summary>Where Debian's docker-registry package puts the program.</summary>
    public const string RegistryProgram = "/usr/bin/docker-registry";

    /// <summary>The host as a guest on qemu's user network sees it (connections to it reach the host's 127.0.0.1).</summary>
    public const string GuestHostAddress = "10.0.2.2";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    private HostRegistry(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The registry as the host reaches it: <c>127.0.0.1:port</c>.</summary>
    public string HostAddress => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The registry as an appliance reaches it: <c>10.0.2.2:port</c>; image references in the VM start with this.</summary>
    public string GuestAddress => GuestHostAddress + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a registry and waits until it answers <c>GET /v2/</c>.</summary>
    /// <param name="cancellationToken">Cancels the wait (the registry is stopped).</param>
    /// <returns>The running registry.</returns>
    /// <exception cref="InvalidOperationException">docker-registry is not installed, or did not answer within a minute.</exception>
    public static async Task<HostRegistry> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(RegistryProgram))
        {
            throw new InvalidOperationException($"{RegistryProgram} is missing: install Debian's docker-registry (scripts/install-deps.sh does).");
        }

        var directory = Directory.CreateTempSubdirectory("host-registry-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(
            config,
            $"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "storage")}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n",
            cancellationToken).ConfigureAwait(false);
        var start = new ProcessStartInfo(RegistryProgram, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{RegistryProgram} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new HostRegistry(process, directory, port);
        try
        {
            await registry.WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Marks this registry insecure (plain HTTP, no TLS check) in the machine's podman configuration
    /// (<c>/etc/containers/registries.conf.d</c>), restarts podman's API service so that it reads it, and waits until
    /// io.podman reports it among the insecure registries.
    /// </summary>
    /// <param name="machine">A running appliance.</param>
    /// <param name="client">A client of that machine (it keeps working across the restart).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when podman in the machine trusts the registry.</returns>
    /// <exception cref="InvalidOperationException">podman did not come back with the registry listed within two minutes.</exception>
    public async Task TrustAsync(PodmanMachine machine, PodmanClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(client);

        // The appliance's supervisor restarts a service that exits and keeps its pid in /run/boot2podman/services.
        var script = $"""
            set -e
            printf '[[registry]]\nlocation = "{GuestAddress}"\ninsecure = true\n' > /etc/containers/registries.conf.d/60-host-registry-{Port}.conf
            pidfile=/run/boot2podman/services/30-podman.pid
            old=$(cat $pidfile)
            kill "$old"
            n=0
            while [ $n -lt 300 ]; do
              new=$(cat $pidfile 2>/dev/null || true)
              if [ -n "$new" ] && [ "$new" != "$old" ] && [ -S /run/podman/podman.sock ]; then exit 0; fi
              n=$((n + 1)); sleep 0.2
            done
            echo "podman's API service did not come back after its restart" >&2; exit 1
            """;
        (await machine.RunAsync(script, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false)).EnsureSuccess();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        string last = "no answer yet";
        do
        {
            try
            {
                var info = await client.System.GetInfoAsync(deadline.Token).ConfigureAwait(false);
                if (info.InsecureRegistries.Contains(GuestAddress))
                {
                    return;
                }

                last = "insecure registries: " + string.Join(", ", info.InsecureRegistries);
            }
            catch (PodmanException e)
            {
                // The API service is still starting: io.podman answers with an error until it is back.
                last = e.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        while (await WaitAsync(poll, deadline.Token).ConfigureAwait(false));

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"podman in the machine does not list {GuestAddress} as insecure two minutes after its restart ({last}).");
    }

    /// <summary>The digest the registry holds for <paramref name="repository"/>:<paramref name="tag"/> (its own word, over HTTP), or null.</summary>
    /// <param name="repository">The repository, without the registry (<c>tests/bb</c>).</param>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The manifest's <c>Docker-Content-Digest</c>, or null when the registry has no such manifest.</returns>
    public async Task<string?> GetManifestDigestAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{HostAddress}/v2/{repository}/manifests/{tag}"));
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Docker-Content-Digest", out var digests) ? digests.FirstOrDefault() : null;
    }

    /// <summary>Stops the registry and deletes its storage.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        _process.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async ValueTask<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{RegistryProgram} exited with {_process.ExitCode} before answering on {HostAddress}.");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri($"http://{HostAddress}/v2/"), deadline.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        while (await WaitAsync(poll, deadline.Token).ConfigureAwait(false));

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"{RegistryProgram} did not answer on {HostAddress} within {StartTimeout.TotalSeconds:0} s.");
    }
}
