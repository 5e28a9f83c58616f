using System.Security.Cryptography;
using System.Text;

namespace Varlink.Ssh;

/// <summary>
/// Host matching as OpenSSH does it for known_hosts: comma-separated patterns with <c>*</c> and <c>?</c>,
/// <c>!</c> negation, <c>[host]:port</c> for ports other than 22, and hashed names
/// <c>|1|base64(salt)|base64(HMAC-SHA1(salt, name))</c>.
/// </summary>
internal static class KnownHostPatterns
{
    private const string HashMagic = "|1|";

    /// <summary>The name known_hosts uses for a host and port.</summary>
    public static string HostName(string host, int port) =>
        port == 22 ? host.ToLowerInvariant() : $"[{host.ToLowerInvariant()}]:{port}";

    /// <summary>Whether the hosts field <paramref name="patterns"/> names <paramref name="hostName"/>.</summary>
    public static bool Matches(string patterns, string hostName)
    {
        if (patterns.StartsWith(HashMagic, StringComparison.Ordinal))
        {
            return MatchesHashed(patterns, hostName);
        }

        var matched = false;
        foreach (var raw in patterns.Split(','))
        {
            var negated = raw.StartsWith('!');
            var pattern = negated ? raw[1..] : raw;
            if (Wildcard(pattern.ToLowerInvariant(), hostName))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    /// <summary>Hashes <paramref name="hostName"/> with a fresh random salt, as <c>ssh-keygen -H</c> does.</summary>
    public static string Hash(string hostName)
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(hostName));
        return $"{HashMagic}{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)}";
    }

    private static bool MatchesHashed(string field, string hostName)
    {
        var parts = field[HashMagic.Length..].Split('|');
        if (parts.Length != 2)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[0]);
            var expected = Convert.FromBase64String(parts[1]);
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(hostName));
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool Wildcard(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative glob with backtracking to the last '*': linear in practice, no recursion.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
