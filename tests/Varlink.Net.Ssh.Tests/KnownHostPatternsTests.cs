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

    [Fact]
    public void KnownOpenSshHashVectorMatches()
    {
        // HMAC-SHA1 with key = salt over the host name, as computed by `ssh-keygen -H` (salt and hash in base64).
        var salt = new byte[20];
        var hash = System.Security.Cryptography.HMACSHA1.HashData(salt, "host.example"u8);
        var line = $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)}";
        Assert.True(KnownHostPatterns.Matches(line, "host.example"));
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
