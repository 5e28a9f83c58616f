using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Varlink.Tests;

public class EnvelopeTests
{
    private static ReadOnlySequence<byte> Frame(string json) => new(Encoding.UTF8.GetBytes(json));

    private static CallEnvelope Call(string json) => EnvelopeReader.ReadCall(Frame(json), ProtocolLimits.Default);

    private static ReplyEnvelope Reply(string json) => EnvelopeReader.ReadReply(Frame(json), ProtocolLimits.Default);

    private static string Text(ReadOnlySequence<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());

    [Fact]
    public void CallIsReadWithMethodFlagsAndRawParameters()
    {
        var call = Call("""{"method":"org.example.ftl.Monitor","parameters":{"a":[1,2],"b":{"c":null}},"more":true}""");
        Assert.Equal("org.example.ftl.Monitor", call.Method);
        Assert.Equal(CallFlags.More, call.Flags);
        Assert.Equal("""{"a":[1,2],"b":{"c":null}}""", Text(call.Parameters));
    }

    [Theory]
    [InlineData("""{"method":"a.B"}""")]
    [InlineData("""{"method":"a.B","parameters":null}""")]
    [InlineData("""{"parameters":null,"method":"a.B"}""")]
    public void AbsentAndNullParametersAreEmpty(string json)
    {
        var call = Call(json);
        Assert.True(call.Parameters.IsEmpty);
    }

    [Theory]
    [InlineData("""{"method":"a.B","more":false,"oneway":false,"upgrade":false}""", (int)CallFlags.None)]
    [InlineData("""{"method":"a.B","oneway":true}""", (int)CallFlags.Oneway)]
    [InlineData("""{"method":"a.B","upgrade":true,"more":false}""", (int)CallFlags.Upgrade)]
    [InlineData(""" { "method" : "a.B" , "more" : true } """, (int)CallFlags.More)]
    public void FlagsAreRead(string json, int flags) => Assert.Equal((CallFlags)flags, Call(json).Flags);

    [Fact]
    public void VendorExtensionIsIgnored()
    {
        var call = Call("""{"method":"a.B","org.example.vendor":{"x":[1,{"y":2}]},"parameters":{}}""");
        Assert.Equal("a.B", call.Method);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("\"method\"", "must be a JSON object")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("""{"method":"a.B"} {}""", "not valid JSON")]
    [InlineData("""{"parameters":{}}""", "no \"method\"")]
    [InlineData("""{"method":1}""", "must be a string")]
    [InlineData("""{"method":"a.B","bogus":1}""", "unknown key \"bogus\"")]
    [InlineData("""{"method":"a.B","method":"a.C"}""", "twice")]
    [InlineData("""{"method":"a.B","parameters":{},"parameters":{}}""", "twice")]
    [InlineData("""{"method":"a.B","more":true,"oneway":true}""", "only one")]
    [InlineData("""{"method":"a.B","more":true,"upgrade":true}""", "only one")]
    [InlineData("""{"method":"a.B","more":1}""", "true or false")]
    [InlineData("""{"method":"a.B","oneway":"yes"}""", "true or false")]
    [InlineData("""{"method":"a.B","parameters":[1]}""", "must be an object")]
    [InlineData("""{"method":"a.B","parameters":"x"}""", "must be an object")]
    [InlineData("""{"method":"a.B","parameters":{"a":}}""", "not valid JSON")]
    public void MalformedCallIsAProtocolViolation(string json, string reason)
    {
        var e = Assert.Throws<VarlinkProtocolException>(() => Call(json));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void DeeperNestingThanTheLimitIsAProtocolViolation()
    {
        string deep = new string('[', 100) + new string(']', 100);
        Assert.Throws<VarlinkProtocolException>(() => Call("{\"method\":\"a.B\",\"parameters\":{\"x\":" + deep + "}}"));
    }

    [Fact]
    public void ReplyIsReadWithErrorAndParametersInAnyKeyOrder()
    {
        var reply = Reply("""{"parameters":{"parameter":"x"},"error":"org.varlink.service.InvalidParameter"}""");
        Assert.Equal("org.varlink.service.InvalidParameter", reply.Error);
        Assert.False(reply.Continues);
        Assert.Equal("""{"parameter":"x"}""", Text(reply.Parameters));
    }

    [Theory]
    [InlineData("""{"error":"a.B","continues":true}""", "an error is final")]
    [InlineData("""{"upgraded":"yes"}""", "true or false")]
    [InlineData("""{"upgraded":true,"upgraded":true}""", "twice")]
    [InlineData("""{"continues":"true"}""", "true or false")]
    [InlineData("""{"error":""}""", "empty")]
    [InlineData("""{"error":5}""", "must be a string")]
    public void MalformedReplyIsAProtocolViolation(string json, string reason)
    {
        var e = Assert.Throws<VarlinkProtocolException>(() => Reply(json));
        Assert.Contains(reason, e.Message);
    }

    private static string WriteCall(string method, CallFlags flags, JsonElement parameters)
    {
        var pipe = new Pipe();
        using (var writer = new Utf8JsonWriter(pipe.Writer))
        {
            EnvelopeWriter.WriteCall(writer, method, flags, parameters, VarlinkJsonContext.Default.JsonElement);
        }

        pipe.Writer.Complete();
        pipe.Reader.TryRead(out var result);
        return Encoding.UTF8.GetString(result.Buffer.ToArray());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void CallWithoutFlagsOrParametersIsJustTheMethod()
        => Assert.Equal("""{"method":"a.B"}""", WriteCall("a.B", CallFlags.None, default));

    [Theory]
    [InlineData((int)CallFlags.More, """{"method":"a.B","parameters":{"x":1},"more":true}""")]
    [InlineData((int)CallFlags.Oneway, """{"method":"a.B","parameters":{"x":1},"oneway":true}""")]
    [InlineData((int)CallFlags.Upgrade, """{"method":"a.B","parameters":{"x":1},"upgrade":true}""")]
    public void OnlyTrueFlagsAreWritten(int flags, string expected)
        => Assert.Equal(expected, WriteCall("a.B", (CallFlags)flags, Json("""{"x":1}""")));

    [Fact]
    public void NullParametersAreNotWritten()
        => Assert.Equal("""{"method":"a.B"}""", WriteCall("a.B", CallFlags.None, Json("null")));

    [Fact]
    public void FloatsRoundTripExactly()
    {
        var pipe = new Pipe();
        using (var writer = new Utf8JsonWriter(pipe.Writer))
        {
            EnvelopeWriter.WriteReply(writer, Math.PI, VarlinkTestJsonContext.Default.Double, continues: false);
        }

        pipe.Writer.Complete();
        pipe.Reader.TryRead(out var result);
        Assert.Equal("{\"parameters\":3.141592653589793}", Encoding.UTF8.GetString(result.Buffer.ToArray()));
        Assert.Equal(Math.PI, JsonSerializer.Deserialize("3.141592653589793", VarlinkTestJsonContext.Default.Double));
    }

    [Fact]
    public void IntegerLiteralIsReadWhereAFloatIsExpected()
        => Assert.Equal(1.0, JsonSerializer.Deserialize("""{"float":1}""", VarlinkTestJsonContext.Default.FloatReply)!.Float);

    // Names that cannot be decoded, in the method, error or a vendor key: bytes that are not UTF-8
    // (0xFF, a lone continuation byte) or an escaped lone surrogate. Parameters are not decoded here.
    [Theory]
    [InlineData("""{"method":"a.\u00ff"}""", true)]
    [InlineData("""{"method":"a.B","org.x\u0080":1}""", true)]
    [InlineData("""{"error":"a.\u00ff"}""", false)]
    public void NameThatIsNotUtf8IsAProtocolViolation(string template, bool isCall)
    {
        // The template's \u00XX characters stand for the raw byte XX (Latin-1), not for its UTF-8 form.
        var frame = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Unescape(template)));
        var e = Assert.Throws<VarlinkProtocolException>(() => isCall ? EnvelopeReader.ReadCall(frame, ProtocolLimits.Default) : (object)EnvelopeReader.ReadReply(frame, ProtocolLimits.Default));
        Assert.Contains("not valid text", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "{\"method\":\"a.\\ud800\"}")]
    [InlineData(true, "{\"method\":\"a.B\",\"org.\\udc00\":1}")]
    [InlineData(false, "{\"error\":\"a.\\ud800\"}")]
    public void NameWithALoneSurrogateEscapeIsAProtocolViolation(bool isCall, string json)
    {
        var frame = Frame(json);
        Assert.Throws<VarlinkProtocolException>(() => isCall ? EnvelopeReader.ReadCall(frame, ProtocolLimits.Default) : (object)EnvelopeReader.ReadReply(frame, ProtocolLimits.Default));
    }
}
