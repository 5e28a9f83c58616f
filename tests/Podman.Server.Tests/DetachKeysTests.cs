using System.Text;
using Podman.Server.Service;

namespace Podman.Server.Tests;

/// <summary>Detach key sequences as podman writes them, and their detection in stdin bytes.</summary>
public sealed class DetachKeysTests
{
    [Theory]
    [InlineData("", new byte[] { 16, 17 })]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 16, 17 })]
    [InlineData("ctrl-a,d", new byte[] { 1, (byte)'d' })]
    [InlineData("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,x", new byte[] { 0, 27, 28, 29, 30, 31, (byte)'x' })]
    public void SequencesParseToTheirBytes(string text, byte[] bytes)
    {
        var keys = DetachKeys.TryParse(text, out _)!;
        var output = new byte[keys.MaxOutput(bytes.Length)];
        Assert.Equal((0, true), keys.Filter(bytes, output));
    }

    [Theory]
    [InlineData("ctrl-1")]
    [InlineData("ctrl-p,,")]
    [InlineData("ctrl-pq")]
    [InlineData("ab")]
    [InlineData("é")]
    public void OtherTextIsRefusedWithAReason(string text)
    {
        Assert.Null(DetachKeys.TryParse(text, out var reason));
        Assert.Contains("unknown key", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HeldBytesGoThroughWhenTheSequenceBreaksAndTheSequenceItselfNever()
    {
        var keys = DetachKeys.TryParse("ctrl-p,ctrl-q", out _)!;
        var output = new byte[64];
        Assert.Equal((1, false), keys.Filter("a"u8, output));
        Assert.Equal((0, false), keys.Filter("\u0010"u8, output));
        var (written, detached) = keys.Filter("b\u0010"u8, output);
        Assert.False(detached);
        Assert.Equal("\u0010b", Encoding.ASCII.GetString(output, 0, written));
        (written, detached) = keys.Filter("\u0011rest"u8, output);
        Assert.True(detached);
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("""{"Width":80,"Height":24}""", 80, 24)]
    [InlineData("""{"height":5,"width":7,"other":[1,{"a":2}]}""", 7, 5)]
    public void ResizePayloadsAreRead(string json, int width, int height)
    {
        Assert.True(SessionBridge.TryReadSize(Encoding.UTF8.GetBytes(json), out var w, out var h));
        Assert.Equal((width, height), (w, h));
    }

    [Theory]
    [InlineData("""{"Width":0,"Height":24}""")]
    [InlineData("""{"Width":"80","Height":24}""")]
    [InlineData("not json")]
    public void BadResizePayloadsAreIgnored(string json) => Assert.False(SessionBridge.TryReadSize(Encoding.UTF8.GetBytes(json), out _, out _));
}
