using Microsoft.Extensions.DependencyInjection;

namespace Podman.Client.Tests;

/// <summary>Where the client connects: options, podman-remote's environment variables, podman-remote.conf.</summary>
public sealed class ConnectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void OptionsAddressWinsOverTheEnvironment()
    {
        var c = PodmanConnectionResolver.Resolve(new PodmanClientOptions { Address = "unix:/a" }, Env(("PODMAN_VARLINK_ADDRESS", "unix:/b")));
        Assert.Equal("unix:/a", c.Address);
        Assert.Equal("options", c.Source);
    }

    [Fact]
    public void AddressVariableWinsOverBridgeVariable()
    {
        var c = PodmanConnectionResolver.Resolve(new PodmanClientOptions(), Env(("PODMAN_VARLINK_ADDRESS", "unix:/b"), ("PODMAN_VARLINK_BRIDGE", "ssh h varlink bridge")));
        Assert.Equal("unix:/b", c.Address);
        Assert.Equal("PODMAN_VARLINK_ADDRESS", c.Source);
    }

    [Fact]
    public void BridgeVariableGivesABridgeCommand()
    {
        var c = PodmanConnectionResolver.Resolve(new PodmanClientOptions(), Env(("PODMAN_VARLINK_BRIDGE", "ssh h varlink bridge")));
        Assert.Null(c.Address);
        Assert.Equal("ssh h varlink bridge", c.BridgeCommand);
    }

    [Fact]
    public void RemoteConfDefaultConnectionBecomesAnSshAddress()
    {
        const string conf = """
            # podman-remote.conf as podman 1.x documented it
            [connections]
              [connections.other]
              destination = "10.0.0.9"
              [connections.vm]
              destination = "127.0.0.1"
              username = "root"
              port = 2222
              identity_file = "/keys/id"
              default = true
            """;
        var c = PodmanConnectionResolver.FromRemoteConfig(conf);
        Assert.Equal("ssh://root@127.0.0.1:2222/run/podman/io.podman", c.Address);
        Assert.Equal("/keys/id", c.IdentityFile);
    }

    [Fact]
    public void RemoteConfIgnoreHostsIsRefused()
    {
        const string conf = "[connections.vm]\ndestination = \"h\"\nignore_hosts = true\n";
        var error = Assert.Throws<PodmanConnectionException>(() => PodmanConnectionResolver.FromRemoteConfig(conf));
        Assert.Contains("ignore_hosts", error.Message);
    }

    [Fact]
    public void RemoteConfIsReadFromXdgConfigHome()
    {
        var dir = Directory.CreateTempSubdirectory("pct-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "containers"));
            File.WriteAllText(Path.Combine(dir, "containers", "podman-remote.conf"), "[connections.a]\ndestination = \"example\"\nusername = \"u\"\n");
            var c = PodmanConnectionResolver.Resolve(new PodmanClientOptions(), Env(("XDG_CONFIG_HOME", dir)));
            Assert.Equal("ssh://u@example:22/run/podman/io.podman", c.Address);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void NothingConfiguredSaysWhatToSet()
    {
        var error = Assert.Throws<PodmanConnectionException>(() => PodmanConnectionResolver.Resolve(new PodmanClientOptions(), Env(("HOME", "/nonexistent"))));
        Assert.Contains("PODMAN_VARLINK_ADDRESS", error.Message);
    }

    [Fact]
    public void MalformedFingerprintNamesTheOption()
    {
        var options = new PodmanClientOptions { Address = "ssh://root@127.0.0.1:22/run/podman/io.podman", HostKeyFingerprints = { "MD5:aa" } };
        Assert.Equal(nameof(PodmanClientOptions.HostKeyFingerprints), Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public async Task AddPodmanClientResolvesAWorkingClientFromOptions()
    {
        await using var podman = new FakePodman().Reply("GetVersion", Replies.Version);
        var services = new ServiceCollection().AddLogging().AddPodmanClient(o => o.Address = podman.Address);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<PodmanClient>();
        Assert.Same(client, provider.GetRequiredService<PodmanClient>());
        Assert.Equal("4.3.1", (await client.System.GetVersionAsync()).Version);
    }

    [Fact]
    public void ReadOnlyMethodsAreRetriedAndChangesAreNot()
    {
        var varlink = PodmanClient.CreateVarlinkOptions(new PodmanClientOptions());
        Assert.Contains("io.podman.GetVersion", varlink.IdempotentMethods);
        Assert.Contains("io.podman.InspectContainer", varlink.IdempotentMethods);
        Assert.DoesNotContain("io.podman.StartContainer", varlink.IdempotentMethods);
        Assert.DoesNotContain("io.podman.CreateContainer", varlink.IdempotentMethods);
        Assert.DoesNotContain("io.podman.RemoveContainer", varlink.IdempotentMethods);
        Assert.All(PodmanClient.IdempotentMethods, m => Assert.Contains(m, FakePodman.InterfaceMethods()));
    }
}
