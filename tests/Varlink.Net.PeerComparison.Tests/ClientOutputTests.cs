using Varlink.PeerComparison;

namespace Varlink.PeerComparison.Tests;

public class ClientOutputTests
{
    private const string GoClientOutput = """
        CLIENT go address=unix:/tmp/bb.sock duration=1 depth=100 stream=10000x16 echo=1048576
        RESULT seq_calls_per_s 6546.8
        RESULT pipelined_calls_per_s 37289.5
        RESULT stream_replies_per_s 67934.2
        RESULT echo_mib_per_s 17.84
        """;

    [Fact]
    public void ReadsEveryFigureOfTheGoClient()
    {
        var values = ClientOutput.Parse(GoClientOutput, Figure.ClientFigures);

        Assert.Equal(6546.8, values["seq_calls_per_s"]);
        Assert.Equal(37289.5, values["pipelined_calls_per_s"]);
        Assert.Equal(67934.2, values["stream_replies_per_s"]);
        Assert.Equal(17.84, values["echo_mib_per_s"]);
    }

    [Fact]
    public void MissingFigureIsNamed()
    {
        var output = GoClientOutput.Replace("RESULT stream_replies_per_s 67934.2", "", StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => ClientOutput.Parse(output, Figure.ClientFigures));
        Assert.Contains("stream_replies_per_s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("NaN")]
    [InlineData("fast")]
    public void NonPositiveValueIsRefused(string value)
    {
        var output = GoClientOutput.Replace("6546.8", value, StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => ClientOutput.Parse(output, Figure.ClientFigures));
        Assert.Contains("seq_calls_per_s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedFigureIsRefused()
    {
        var output = GoClientOutput + "\nRESULT echo_mib_per_s 18.0\n";

        Assert.Throws<FormatException>(() => ClientOutput.Parse(output, Figure.ClientFigures));
    }

    [Fact]
    public void UnknownFigureIsRefused()
    {
        var output = GoClientOutput + "\nRESULT latency_us 18.0\n";

        var e = Assert.Throws<FormatException>(() => ClientOutput.Parse(output, Figure.ClientFigures));
        Assert.Contains("latency_us", e.Message, StringComparison.Ordinal);
    }
}
