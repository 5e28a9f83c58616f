using System.Security.Cryptography;
using System.Text;
using Podman.Server.Service;

namespace Podman.Server.Tests;

/// <summary>The managed SHA-256 of the version cache's key, against FIPS 180-2's examples and the platform's SHA-256.</summary>
public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void TheStandardsExamplesHashAsPublished(string message, string digest)
        => Assert.Equal(digest, Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void AMillionAsHashAsPublished()
        => Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            Convert.ToHexStringLower(Sha256.Hash(Encoding.ASCII.GetBytes(new string('a', 1_000_000)))));

    [Fact]
    public void EveryLengthAroundTheBlockEdgesHashesAsThePlatformsSha256()
    {
        var data = new byte[300];
        new Random(16).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), Sha256.Hash(data.AsSpan(0, length)));
        }
    }
}
