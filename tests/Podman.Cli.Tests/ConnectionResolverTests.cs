namespace Podman.Cli.Tests;

/// <summary>The connection order: --connection/--url, then the environment, then the default machine.</summary>
public sealed class ConnectionResolverTests
{
    private static readonly string[] Machines = ["box", "other"];

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void UrlOnTheCommandLineWinsOverTheEnvironment()
    {
        var choice = ConnectionResolver.Resolve(null, "tcp:127.0.0.1:1", Env(("PODMAN_VARLINK_BRIDGE", "ssh x")), Machines);

        Assert.Equal(new ConnectionChoice(ConnectionSource.CommandLine, Address: "tcp:127.0.0.1:1"), choice);
    }

    [Fact]
    public void ConnectionNamesAMachine()
    {
        var choice = ConnectionResolver.Resolve("other", null, Env(("PODMAN_VARLINK_ADDRESS", "unix:/x")), Machines);

        Assert.Equal(new ConnectionChoice(ConnectionSource.CommandLine, Machine: "other"), choice);
    }

    [Fact]
    public void BothFlagsAreRefused()
    {
        var e = Assert.Throws<UsageException>(() => ConnectionResolver.Resolve("box", "unix:/x", Env(), Machines));

        Assert.Contains("--connection and --url", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMachineIsNamedWithTheFlag()
    {
        var e = Assert.Throws<UsageException>(() => ConnectionResolver.Resolve("nope", null, Env(), Machines));

        Assert.Contains("--connection: there is no machine 'nope' (machines: box, other)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BridgeBeforeAddressBeforeConnectionVariable()
    {
        var all = Env(("PODMAN_VARLINK_BRIDGE", "ssh -p 1 root@h varlink bridge"), ("PODMAN_VARLINK_ADDRESS", "unix:/a"), ("PODMAN_CONNECTION", "other"));
        var noBridge = Env(("PODMAN_VARLINK_ADDRESS", "unix:/a"), ("PODMAN_CONNECTION", "other"));
        var onlyName = Env(("PODMAN_CONNECTION", "other"));

        Assert.Equal(new ConnectionChoice(ConnectionSource.Environment, BridgeCommand: "ssh -p 1 root@h varlink bridge"), ConnectionResolver.Resolve(null, null, all, Machines));
        Assert.Equal(new ConnectionChoice(ConnectionSource.Environment, Address: "unix:/a"), ConnectionResolver.Resolve(null, null, noBridge, Machines));
        Assert.Equal(new ConnectionChoice(ConnectionSource.Environment, Machine: "other"), ConnectionResolver.Resolve(null, null, onlyName, Machines));
    }

    [Fact]
    public void EmptyVariablesCountAsUnset()
    {
        var choice = ConnectionResolver.Resolve(null, null, Env(("PODMAN_VARLINK_BRIDGE", ""), ("PODMAN_VARLINK_ADDRESS", "")), Machines);

        Assert.Equal(new ConnectionChoice(ConnectionSource.DefaultMachine, Machine: "box"), choice);
    }

    [Fact]
    public void DefaultIsBoxElseTheOnlyMachine()
    {
        Assert.Equal("box", ConnectionResolver.Resolve(null, null, Env(), Machines).Machine);
        Assert.Equal("solo", ConnectionResolver.Resolve(null, null, Env(), ["solo"]).Machine);
        Assert.Contains("no default machine among a, b", Assert.Throws<UsageException>(() => ConnectionResolver.Resolve(null, null, Env(), ["b", "a"])).Message, StringComparison.Ordinal);
        Assert.Contains("machine init", Assert.Throws<UsageException>(() => ConnectionResolver.Resolve(null, null, Env(), [])).Message, StringComparison.Ordinal);
    }
}
