namespace Varlink.Ssh.Tests;

/// <summary>Tests that share the real sshd; they run one at a time (some kill and restart it).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SshdCollection : ICollectionFixture<SshdFixture>
{
    public const string Name = "sshd";
}
