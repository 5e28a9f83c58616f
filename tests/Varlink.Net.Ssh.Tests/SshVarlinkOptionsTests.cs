namespace Varlink.Ssh.Tests;

public sealed class SshVarlinkOptionsTests
{
    [Fact]
    public void AddressGivesHostPortUserAndDerivedBridgeCommand()
    {
        var options = SshVarlinkOptions.FromAddress("ssh://core@vm.example:2222/run/podman/io.podman");
        Assert.Equal(("vm.example", 2222, "core", "/run/podman/io.podman"), (options.Host, options.Port, options.UserName, options.SocketPath));
        Assert.Equal("varlink bridge --connect unix:/run/podman/io.podman", options.EffectiveBridgeCommand);
    }

    [Fact]
    public void AddressWithoutPortOrPathUsesDefaults()
    {
        var options = SshVarlinkOptions.FromAddress("ssh://root@[::1]");
        Assert.Equal(("::1", 22, SshVarlinkOptions.DefaultSocketPath), (options.Host, options.Port, options.SocketPath));
    }

    [Fact]
    public void SocketPathWithSpacesIsQuotedForTheRemoteShell()
    {
        var options = new SshVarlinkOptions { SocketPath = "/run/my dir/it's.sock" };
        Assert.Equal("varlink bridge --connect 'unix:/run/my dir/it'\\''s.sock'", options.EffectiveBridgeCommand);
    }

    [Fact]
    public void ExplicitBridgeCommandWins()
    {
        var options = new SshVarlinkOptions { BridgeCommand = "sudo varlink -A 'podman varlink $VARLINK_ADDRESS' bridge" };
        Assert.Equal(options.BridgeCommand, options.EffectiveBridgeCommand);
    }

    [Fact]
    public void PasswordInAddressIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => SshVarlinkOptions.FromAddress("ssh://root:secret@host/run/x"));
        Assert.Contains("Password", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp:127.0.0.1:22")]
    [InlineData("ssh:///run/x")]
    public void NonSshAddressIsRefused(string address) =>
        Assert.Throws<ArgumentException>(() => SshVarlinkOptions.FromAddress(address));

    [Fact]
    public void MissingAuthenticationNamesTheOption()
    {
        var options = new SshVarlinkOptions { Host = "h" };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(SshVarlinkOptions.PrivateKeyFiles), e.ParamName);
    }

    [Fact]
    public void MalformedPinNamesTheOption()
    {
        var options = new SshVarlinkOptions { Host = "h", UseAgent = true };
        options.HostKeyFingerprints.Add("MD5:aa:bb");
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(SshVarlinkOptions.HostKeyFingerprints), e.ParamName);
    }

    [Fact]
    public void PortOutOfRangeNamesTheOption()
    {
        var options = new SshVarlinkOptions { Host = "h", UseAgent = true, Port = 70000 };
        Assert.Equal(nameof(SshVarlinkOptions.Port), Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }

    [Fact]
    public void FingerprintIsUnpaddedBase64OfSha256()
    {
        var fingerprint = HostKeyFingerprint.Compute([1, 2, 3]);
        Assert.StartsWith("SHA256:", fingerprint, StringComparison.Ordinal);
        Assert.True(HostKeyFingerprint.IsWellFormed(fingerprint));
        Assert.DoesNotContain("=", fingerprint, StringComparison.Ordinal);
    }
}
