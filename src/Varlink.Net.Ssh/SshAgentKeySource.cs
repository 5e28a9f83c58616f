using Renci.SshNet;
using Renci.SshNet.Security;

namespace Varlink.Ssh;

/// <summary>The keys held by an ssh-agent, as SSH.NET private key sources.</summary>
internal sealed class SshAgentKeySource(IReadOnlyCollection<HostAlgorithm> algorithms) : IPrivateKeySource
{
    private const uint RsaSha2With256 = 2;
    private const uint RsaSha2With512 = 4;

    /// <inheritdoc/>
    public IReadOnlyCollection<HostAlgorithm> HostKeyAlgorithms { get; } = algorithms;

    /// <summary>Lists the agent's keys; the agent is <paramref name="socketPath"/> or <c>SSH_AUTH_SOCK</c>.</summary>
    /// <exception cref="ArgumentException">No agent is configured or reachable.</exception>
    public static IReadOnlyList<IPrivateKeySource> Load(string? socketPath)
    {
        var path = socketPath ?? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("UseAgent is set but SSH_AUTH_SOCK is not, and no AgentSocketPath is given.", nameof(SshVarlinkOptions.AgentSocketPath));
        }

        var agent = new SshAgentClient(path);
        IReadOnlyList<(byte[] KeyBlob, string Comment)> identities;
        try
        {
            identities = agent.ListIdentities();
        }
        catch (IOException e)
        {
            throw new ArgumentException(e.Message, nameof(SshVarlinkOptions.AgentSocketPath), e);
        }

        var sources = new List<IPrivateKeySource>();
        foreach (var (blob, _) in identities)
        {
            var type = HostKeyFingerprint.KeyType(blob);
            HostAlgorithm[] offered = type == "ssh-rsa"
                ?
                [
                    new SshAgentHostAlgorithm("rsa-sha2-512", blob, RsaSha2With512, agent),
                    new SshAgentHostAlgorithm("rsa-sha2-256", blob, RsaSha2With256, agent),
                ]
                : [new SshAgentHostAlgorithm(type, blob, 0, agent)];
            sources.Add(new SshAgentKeySource(offered));
        }

        return sources;
    }
}
