namespace Varlink.Ssh.Tests;

public sealed class KnownHostPatternsTests
{
    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("EXAMPLE.com", "example.com", true)]
    [InlineData("a.example.com,example.com", "example.com", true)]
    [InlineData("*.example.com", "vm.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("vm?.example.com", "vm1.example.com", true)]
    [InlineData("*.example.com,!bad.example.com", "bad.example.com", false)]
    [InlineData("[127.0.0.1]:2222", "[127.0.0.1]:2222", true)]
    [InlineData("127.0.0.1", "[127.0.0.1]:2222", false)]
    [InlineData("[127.0.0.1]:*", "[127.0.0.1]:2222", true)]
    public void PatternsMatchAsOpenSshDoes(string patterns, string hostName, bool expected) =>
        Assert.Equal(expected, KnownHostPatterns.Matches(patterns, hostName));

    [Fact]
    public void HashedEntryMatchesOnlyItsHost()
    {
        var hashed = KnownHostPatterns.Hash("[10.0.0.1]:2222");
        Assert.StartsWith("|1|", hashed, StringComparison.Ordinal);
        Assert.True(KnownHostPatterns.Matches(hashed, "[10.0.0.1]:2222"));
        Assert.False(KnownHostPatterns.Matches(hashed, "10.0.0.1"));
    }

    // Hashed lines made by OpenSSH 9.2p1, once, with:
    //   printf '%s ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJPS6cbRNCT7g/ubGjNAIVMNKB88XgLGIgL6MZzTZwnP\n' \
    //       host.example '[10.0.0.1]:2222' > known_hosts
    //   ssh-keygen -H -f known_hosts
    [Theory]
    [InlineData("|1|SXBXq9vwlg2+3yG4FFONrBnRwy0=|V5N1KAVMk2cL/nxNXsHHr28n5NE=", "host.example", "host.example2")]
    [InlineData("|1|541VoXPkUkdGO5DUqojm0GeDJFM=|47UD3R35Nqnea3jzpZQ9qqVJAhs=", "[10.0.0.1]:2222", "10.0.0.1")]
    public void LineHashedBySshKeygenMatchesItsHostOnly(string hashed, string host, string other)
    {
        Assert.True(KnownHostPatterns.Matches(hashed, host));
        Assert.False(KnownHostPatterns.Matches(hashed, other));
    }

    [Fact]
    public void HashedEntryWeWriteIsFoundBySshKeygen()
    {
        // Trust on first use appends lines made by Hash: OpenSSH itself must find them.
        var dir = TestPaths.NewTempDirectory("khh");
        try
        {
            var file = Path.Combine(dir, "known_hosts");
            const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJPS6cbRNCT7g/ubGjNAIVMNKB88XgLGIgL6MZzTZwnP";
            File.WriteAllText(file, $"{KnownHostPatterns.Hash("[10.0.0.1]:2222")} {Key}\n");
            Assert.Contains(Key, ProcessRunner.Run("ssh-keygen", "-F", "[10.0.0.1]:2222", "-f", file), StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => ProcessRunner.Run("ssh-keygen", "-F", "10.0.0.1", "-f", file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("# comment", null)]
    [InlineData("host ssh-ed25519", null)]
    [InlineData("host ssh-ed25519 !!notbase64", null)]
    [InlineData("@revoked host ssh-ed25519 AAAA", "@revoked")]
    [InlineData("host ssh-ed25519 AAAA comment words", "")]
    public void LinesParseOrAreSkipped(string line, string? marker)
    {
        var entry = KnownHostsFile.Parse(line, 1);
        if (marker is null)
        {
            Assert.Null(entry);
        }
        else
        {
            Assert.NotNull(entry);
            Assert.Equal(marker == string.Empty ? null : marker, entry.Marker);
        }
    }

    [Fact]
    public void PortOtherThan22UsesBracketedName() =>
        Assert.Equal(("host", "[host]:2222"), (KnownHostPatterns.HostName("Host", 22), KnownHostPatterns.HostName("host", 2222)));
}
