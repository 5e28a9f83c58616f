using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Varlink.Ssh;

/// <summary>SHA256 fingerprints of SSH public keys, in the form OpenSSH prints them.</summary>
public static class HostKeyFingerprint
{
    private const string Prefix = "SHA256:";

    /// <summary>Returns <c>SHA256:</c> and the unpadded base64 of the SHA-256 of the key blob.</summary>
    /// <param name="keyBlob">The public key in SSH wire format (what a known_hosts line holds in base64).</param>
    /// <returns>The fingerprint, e.g. <c>SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og</c>.</returns>
    public static string Compute(ReadOnlySpan<byte> keyBlob) =>
        Prefix + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    /// <summary>Tells whether <paramref name="fingerprint"/> looks like <c>SHA256:</c> followed by 43 base64 characters.</summary>
    /// <param name="fingerprint">The text to check.</param>
    /// <returns>True when it is well formed.</returns>
    public static bool IsWellFormed(string? fingerprint)
    {
        if (fingerprint is null || !fingerprint.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = fingerprint[Prefix.Length..].TrimEnd('=');
        return body.Length == 43 && body.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
    }

    /// <summary>Tells whether two fingerprints are the same (padding ignored).</summary>
    internal static bool AreEqual(string a, string b) =>
        string.Equals(a.TrimEnd('='), b.TrimEnd('='), StringComparison.Ordinal);

    /// <summary>Reads the key type (the first string) out of a key blob, e.g. <c>ssh-ed25519</c>.</summary>
    internal static string KeyType(ReadOnlySpan<byte> keyBlob)
    {
        if (keyBlob.Length < 4)
        {
            return "unknown";
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(keyBlob);
        return length <= (uint)(keyBlob.Length - 4) ? Encoding.ASCII.GetString(keyBlob.Slice(4, (int)length)) : "unknown";
    }
}
