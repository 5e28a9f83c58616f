namespace Varlink.Tests.Support;

/// <summary>Tests that start peer processes: run one at a time so a busy machine does not make them flaky.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PeerProcessCollection
{
    public const string Name = "Peer processes";
}

/// <summary>Tests that count the process's threads: run alone, so other tests' connections do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountingCollection
{
    public const string Name = "Thread counting";
}
