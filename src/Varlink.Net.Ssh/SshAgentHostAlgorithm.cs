using Renci.SshNet.Security;

namespace Varlink.Ssh;

/// <summary>One agent key offered under one signature algorithm; signing is done by the agent.</summary>
internal sealed class SshAgentHostAlgorithm(string algorithm, byte[] keyBlob, uint flags, SshAgentClient agent)
    : HostAlgorithm(algorithm)
{
    /// <inheritdoc/>
    public override byte[] Data => keyBlob;

    /// <inheritdoc/>
    public override byte[] Sign(byte[] data) => agent.Sign(keyBlob, data, flags);

    /// <inheritdoc/>
    public override bool VerifySignature(byte[] data, byte[] signature) =>
        throw new NotSupportedException("Agent keys only sign; they never verify a server's signature.");
}
