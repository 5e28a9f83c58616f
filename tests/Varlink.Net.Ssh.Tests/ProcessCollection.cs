namespace Varlink.Ssh.Tests;

/// <summary>Tests that start the bridge program as a process; kept apart from the fast unit tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "bridge process";
}
