namespace Varlink.Ssh.Tests;

public sealed class SshVarlinkOptionsTests
{
    // The public key of an RSA pair made by ssh-keygen (see FingerprintIsWhatSshKeygenPrints).
    private const string RsaVectorKey = "AAAAB3NzaC1yc2EAAAADAQABAAABAQDzt10wdZg6Otpg4QmBkXevkKSfZIm5fPm5WP98m+elR2heupc8RBsAleXPmtNyje9cAv5LONkq3gucxIUCYj2bHWRBKG0OKgjVuMlGwKQE95G/23NaDTtlNDo5zkQ/Rvf2XRBVCez7DLK5jljEvdFU6oa/YMiIt5KNzeSJR58CdJFNSGOcJ7352WRocXkLk1q10Snm5BR/hCfxWKys3gY1sEvYTcKj1b41r057Rw9oPr6KMcdlm4SHR4Ao8vZ2rMVn8y1SWLGzfRyX/AVf25r7CzRIX23MDaEj/LpXu2/WUMYO9Pg3whSFUTyp8DtelVhgyy4zCeHg+F0khZ8FIiMl";

    [Fact]
    public void AddressGivesHostPortUserAndDerivedBridgeCommand()
    {
        var options = SshVarlinkOptions.FromAddress("ssh://core@vm.example:2222/run/podman/io.podman");
        Assert.Equal(("vm.example", 2222, "core", "/run/podman/io.podman"), (options.Host, options.Port, options.UserName, options.SocketPath));
        Assert.Equal("varlink bridge --connect unix:/run/podman/io.podman", options.EffectiveBridgeCommand);
    }

    [Fact]
    public void AddressWithoutPortUsesPort22AndWithoutPathLeavesTheSocketUnset()
    {
        // The generic transport knows no service: no socket path is made up (podman's belongs to Podman.Client).
        var options = SshVarlinkOptions.FromAddress("ssh://root@[::1]");
        Assert.Equal(("::1", 22, null), (options.Host, options.Port, options.SocketPath));
        options.UseAgent = true;
        Assert.Equal(nameof(SshVarlinkOptions.SocketPath), Assert.Throws<ArgumentException>(options.Validate).ParamName);
        Assert.Throws<InvalidOperationException>(() => options.EffectiveBridgeCommand);

        options.BridgeCommand = "varlink bridge --connect unix:/run/x";
        options.Validate();
        Assert.Equal(options.BridgeCommand, options.EffectiveBridgeCommand);
    }

    [Fact]
    public void NewOptionsHaveNoSocketPath() => Assert.Null(new SshVarlinkOptions().SocketPath);

    [Fact]
    public void SshTransportDoesNotBringTheReconnectingClientPollyOrDependencyInjection()
    {
        var references = typeof(SshVarlinkTransport).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("Varlink.Net", references);
        Assert.DoesNotContain("Varlink.Net.Extensions", references);
        Assert.DoesNotContain("Polly.Core", references);
        Assert.DoesNotContain("Microsoft.Extensions.DependencyInjection.Abstractions", references);
        Assert.DoesNotContain("Microsoft.Extensions.Options", references);
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
        var options = new SshVarlinkOptions { Host = "h", UseAgent = true, SocketPath = "/run/x" };
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

    // Keys made once with OpenSSH 9.2p1 (`ssh-keygen -t ed25519|rsa -C vector -f key`); the expected
    // fingerprints are what `ssh-keygen -lf key.pub` printed for them.
    [Theory]
    [InlineData("AAAAC3NzaC1lZDI1NTE5AAAAIJPS6cbRNCT7g/ubGjNAIVMNKB88XgLGIgL6MZzTZwnP", "SHA256:91wGVeMvXvbuF8hrcm7UgnGfSrGlM0D7xs30JDt6T9U")]
    [InlineData(RsaVectorKey, "SHA256:MDl8jxhfAtoL3KbaZR7i9IOqFdxPqJ+EYCdPkgxxIAY")]
    public void FingerprintIsWhatSshKeygenPrints(string publicKey, string expected)
    {
        var fingerprint = HostKeyFingerprint.Compute(Convert.FromBase64String(publicKey));
        Assert.Equal(expected, fingerprint);
        Assert.True(HostKeyFingerprint.IsWellFormed(fingerprint));
    }

}
