namespace Varlink.Ssh.Tests;

/// <summary>Host key verification against the real sshd: never accept a key silently.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshHostKeyTests(SshdFixture sshd) : SshEchoTestBase(sshd, "hk")
{
    [Fact]
    public async Task UnknownHostIsRefusedByDefault()
    {
        var options = KnownHostsOptions(Path.Combine(Dir, "empty_known_hosts"));
        await using var transport = new SshVarlinkTransport(options);
        var e = await Assert.ThrowsAsync<SshHostKeyException>(() => transport.ConnectAsync().AsTask());
        Assert.Equal(HostKeyProblem.Unknown, e.Problem);
        Assert.Contains($"[127.0.0.1]:{Sshd.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains(Sshd.HostKeyFingerprint, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Echo.Connections);
    }

    [Fact]
    public async Task PinnedFingerprintIsAccepted()
    {
        var options = Sshd.Options(Echo.Path); // pins the fixture's host key
        await AssertEchoWorksAsync(options);
    }

    [Fact]
    public async Task ChangedKeyIsRefusedNamingHostAndBothFingerprints()
    {
        var other = ProcessRunner.GenerateKey(Dir, "impostor");
        var otherBlob = SshdFixture.ReadPublicKeyBlob(other + ".pub");
        var knownHosts = Path.Combine(Dir, "known_hosts");
        File.WriteAllText(knownHosts, $"# old key\n[127.0.0.1]:{Sshd.Port} ssh-ed25519 {Convert.ToBase64String(otherBlob)}\n");
        await using var transport = new SshVarlinkTransport(KnownHostsOptions(knownHosts));

        var e = await Assert.ThrowsAsync<SshHostKeyException>(() => transport.ConnectAsync().AsTask());
        Assert.Equal(HostKeyProblem.Changed, e.Problem);
        Assert.Contains($"[127.0.0.1]:{Sshd.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains(Sshd.HostKeyFingerprint, e.Message, StringComparison.Ordinal);
        Assert.Contains(HostKeyFingerprint.Compute(otherBlob), e.Message, StringComparison.Ordinal);
        Assert.Equal(Sshd.HostKeyFingerprint, e.ActualFingerprint);
    }

    [Fact]
    public async Task ChangedPinnedFingerprintIsRefusedNamingBoth()
    {
        var options = Sshd.Options(Echo.Path);
        options.HostKeyFingerprints.Clear();
        var wrong = HostKeyFingerprint.Compute("not the host key"u8);
        options.HostKeyFingerprints.Add(wrong);
        await using var transport = new SshVarlinkTransport(options);

        var e = await Assert.ThrowsAsync<SshHostKeyException>(() => transport.ConnectAsync().AsTask());
        Assert.Equal(HostKeyProblem.Changed, e.Problem);
        Assert.Contains(wrong, e.Message, StringComparison.Ordinal);
        Assert.Contains(Sshd.HostKeyFingerprint, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainKnownHostsEntryIsAccepted()
    {
        var knownHosts = Path.Combine(Dir, "known_hosts");
        File.WriteAllText(knownHosts, Sshd.KnownHostsLine + "\n");
        await AssertEchoWorksAsync(KnownHostsOptions(knownHosts));
    }

    [Fact]
    public async Task EntryHashedByOpenSshKeygenIsAccepted()
    {
        var knownHosts = Path.Combine(Dir, "known_hosts");
        File.WriteAllText(knownHosts, "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n" + Sshd.KnownHostsLine + "\n");
        ProcessRunner.Run("ssh-keygen", "-H", "-f", knownHosts);
        Assert.DoesNotContain("127.0.0.1", File.ReadAllText(knownHosts), StringComparison.Ordinal);
        Assert.StartsWith("|1|", File.ReadAllLines(knownHosts)[1], StringComparison.Ordinal);
        await AssertEchoWorksAsync(KnownHostsOptions(knownHosts));
    }

    [Fact]
    public async Task RevokedKeyIsRefusedEvenWhenAlsoListed()
    {
        var knownHosts = Path.Combine(Dir, "known_hosts");
        File.WriteAllText(knownHosts, $"{Sshd.KnownHostsLine}\n@revoked * ssh-ed25519 {Convert.ToBase64String(Sshd.HostKeyBlob)}\n");
        await using var transport = new SshVarlinkTransport(KnownHostsOptions(knownHosts));
        var e = await Assert.ThrowsAsync<SshHostKeyException>(() => transport.ConnectAsync().AsTask());
        Assert.Equal(HostKeyProblem.Revoked, e.Problem);
    }

    [Fact]
    public async Task TrustOnFirstUseRecordsAHashedEntryThatOpenSshAccepts()
    {
        var knownHosts = Path.Combine(Dir, "tofu_known_hosts");
        var options = KnownHostsOptions(knownHosts);
        options.TrustOnFirstUse = true;
        await AssertEchoWorksAsync(options);

        var line = Assert.Single(File.ReadAllLines(knownHosts));
        Assert.StartsWith("|1|", line, StringComparison.Ordinal);

        // OpenSSH's own tool finds our hashed entry for the host.
        var found = ProcessRunner.Run("ssh-keygen", "-F", $"[127.0.0.1]:{Sshd.Port}", "-f", knownHosts);
        Assert.Contains("ssh-ed25519", found, StringComparison.Ordinal);

        // And the second connection trusts it without TOFU.
        options.TrustOnFirstUse = false;
        await AssertEchoWorksAsync(options);
    }

    [Fact]
    public async Task TrustOnFirstUseStillRefusesAChangedKey()
    {
        var other = ProcessRunner.GenerateKey(Dir, "impostor");
        var knownHosts = Path.Combine(Dir, "known_hosts");
        File.WriteAllText(knownHosts, $"[127.0.0.1]:{Sshd.Port} ssh-ed25519 {Convert.ToBase64String(SshdFixture.ReadPublicKeyBlob(other + ".pub"))}\n");
        var options = KnownHostsOptions(knownHosts);
        options.TrustOnFirstUse = true;
        await using var transport = new SshVarlinkTransport(options);
        var e = await Assert.ThrowsAsync<SshHostKeyException>(() => transport.ConnectAsync().AsTask());
        Assert.Equal(HostKeyProblem.Changed, e.Problem);
        Assert.Single(File.ReadAllLines(knownHosts));
    }

    private SshVarlinkOptions KnownHostsOptions(string knownHosts)
    {
        var options = Sshd.Options(Echo.Path);
        options.HostKeyFingerprints.Clear();
        options.KnownHostsFile = knownHosts;
        return options;
    }
}
