namespace Varlink.Ssh;

/// <summary>Why a host key was refused.</summary>
public enum HostKeyProblem
{
    /// <summary>The host has no known key and trust on first use is off.</summary>
    Unknown,

    /// <summary>The host presented a key different from the known or pinned one(s).</summary>
    Changed,

    /// <summary>The key is marked <c>@revoked</c> in the known_hosts file.</summary>
    Revoked,
}
