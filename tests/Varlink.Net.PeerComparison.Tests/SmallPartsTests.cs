using Varlink.PeerComparison;

namespace Varlink.PeerComparison.Tests;

public class SmallPartsTests
{
    [Fact]
    public void PeakRssIsReadFromTimeVerboseReport()
    {
        const string report = """
            	Command being timed: "bench-server --varlink unix:/tmp/bb.sock"
            	User time (seconds): 1.42
            	Maximum resident set size (kbytes): 15288
            	Average resident set size (kbytes): 0
            	Exit status: 0
            """;

        Assert.Equal(15288, TimeReport.PeakRssKiB(report));
    }

    [Fact]
    public void TimeReportWithoutPeakRssIsRefused() =>
        Assert.Throws<FormatException>(() => TimeReport.PeakRssKiB("Command exited with non-zero status 1\n"));

    [Fact]
    public void MedianOfOddCountIsTheMiddleSample()
    {
        var s = Summary.Of([5, 1, 9, 3, 7]);

        Assert.Equal(new Summary(5, 1, 9, 5), s);
    }

    [Fact]
    public void MedianOfEvenCountIsTheMeanOfTheTwoMiddleSamples() =>
        Assert.Equal(4, Summary.Of([1, 3, 5, 100]).Median);

    [Fact]
    public void PeerSpecSplitsNameProgramAndArguments()
    {
        var peer = Peer.Parse("Varlink.Net=/opt/bench/peer client --quiet");

        Assert.Equal("Varlink.Net", peer.Name);
        Assert.Equal("/opt/bench/peer", peer.Executable);
        Assert.Equal(["client", "--quiet"], peer.Arguments);
    }

    [Theory]
    [InlineData("no-equals-sign")]
    [InlineData("=/bin/true")]
    [InlineData("Go=")]
    public void PeerSpecWithoutNameOrProgramIsRefused(string spec) =>
        Assert.Throws<FormatException>(() => Peer.Parse(spec));

    [Fact]
    public void OptionsDefaultToFiveRepetitionsOfTwoSeconds()
    {
        var o = ComparisonOptions.Parse(["--client", "Go=/c", "--server", "Go=/s"]);

        Assert.Equal(5, o.Repetitions);
        Assert.Equal(2, o.Duration);
    }

    [Theory]
    [InlineData("--repetitions", "0")]
    [InlineData("--duration", "-1")]
    [InlineData("--duration", "soon")]
    public void BadOptionValueNamesTheFlag(string flag, string value)
    {
        var e = Assert.Throws<FormatException>(() => ComparisonOptions.Parse(["--client", "Go=/c", "--server", "Go=/s", flag, value]));
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsWithoutServerAreRefused() =>
        Assert.Throws<FormatException>(() => ComparisonOptions.Parse(["--client", "Go=/c"]));
}
