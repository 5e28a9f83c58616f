using Varlink.PeerComparison;

namespace Varlink.PeerComparison.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PeerProcessCollection
{
    public const string Name = "Peer processes";
}

/// <summary>The runner against real processes: the Go peers, and scripts that misbehave on purpose.</summary>
[Collection(PeerProcessCollection.Name)]
public sealed class RunnerProcessTests : IDisposable
{
    private readonly string _work = System.IO.Directory.CreateTempSubdirectory("pc-test").FullName;

    public void Dispose() => System.IO.Directory.Delete(_work, recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the peer comparison runs on Linux");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private ComparisonOptions Options(string client, string server) =>
        ComparisonOptions.Parse(["--client", client, "--server", server, "--repetitions", "1", "--duration", "0.2", "--work", _work]);

    /// <summary>Our org.example.bench peers (tests/Varlink.Net.TestPeers), copied beside the tests.</summary>
    private static string OurPeers => Path.Combine(AppContext.BaseDirectory, "Varlink.Net.TestPeers");

    [Fact]
    public async Task GoClientAgainstGoServerYieldsEveryFigureAndTheServerPeakRss()
    {
        var go = GoPeers.Directory;
        var results = await new ComparisonRunner(Options($"Go={go}/bench-client", $"Go={go}/bench-server"), TextWriter.Null).RunAsync();

        AssertEveryFigure(results, new PairKey(Peer.Go, Peer.Go));
    }

    [Fact]
    public async Task GoClientAgainstVarlinkNetServerYieldsEveryFigureAndTheServerPeakRss()
    {
        var go = GoPeers.Directory;
        var options = Options($"Go={go}/bench-client", $"Varlink.Net={OurPeers} serve-bench");

        var results = await new ComparisonRunner(options, TextWriter.Null).RunAsync();

        AssertEveryFigure(results, new PairKey(Peer.Go, Peer.Ours));
    }

    [Fact]
    public async Task VarlinkNetClientAgainstGoServerYieldsEveryFigure()
    {
        var go = GoPeers.Directory;
        var options = Options($"Varlink.Net={OurPeers} bench-client", $"Go={go}/bench-server");

        var results = await new ComparisonRunner(options, TextWriter.Null).RunAsync();

        AssertEveryFigure(results, new PairKey(Peer.Ours, Peer.Go));
    }

    [Fact]
    public async Task VarlinkClientAgainstGoServerYieldsEveryFigure()
    {
        // VarlinkClient (Varlink.Net.Extensions), the client people use, measured as a client of its own.
        var go = GoPeers.Directory;
        var options = Options($"{Peer.OursClient}={OurPeers} bench-client --client varlinkclient", $"Go={go}/bench-server");

        var results = await new ComparisonRunner(options, TextWriter.Null).RunAsync();

        AssertEveryFigure(results, new PairKey(Peer.OursClient, Peer.Go));
    }

    private static void AssertEveryFigure(ComparisonResults results, PairKey pair)
    {
        foreach (var figure in Figure.ClientFigures)
        {
            Assert.True(results.Get(pair, figure)?.Median > 0, figure.Name);
        }

        // A server process needs some MiB, and far less than a GiB for this.
        Assert.InRange(results.Get(pair, Figure.ServerPeakRss)!.Value.Median, 1, 1024);
    }

    [Fact]
    public async Task ServerThatExitsBeforeListeningFailsTheRun()
    {
        var options = Options("Go=/bin/true", "Broken=" + Script("server", "echo cannot serve >&2; exit 3"));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new ComparisonRunner(options, TextWriter.Null).RunAsync());
        Assert.True(e.Message.Contains("cannot serve", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public async Task ClientThatLeavesAFigureOutFailsTheRun()
    {
        var go = GoPeers.Directory;
        var client = Script("client", """
            echo 'RESULT seq_calls_per_s 10'
            echo 'RESULT pipelined_calls_per_s 10'
            echo 'RESULT echo_mib_per_s 10'
            """);
        var options = Options("Liar=" + client, $"Go={go}/bench-server");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new ComparisonRunner(options, TextWriter.Null).RunAsync());
        Assert.Contains("stream_replies_per_s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientThatExitsNonZeroFailsTheRun()
    {
        var go = GoPeers.Directory;
        var options = Options("Failing=" + Script("client", "echo 'Ping: wrong pong' >&2; exit 1"), $"Go={go}/bench-server");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new ComparisonRunner(options, TextWriter.Null).RunAsync());
        Assert.Contains("wrong pong", e.Message, StringComparison.Ordinal);
    }
}
