using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Varlink;

/// <summary>
/// Reads call and reply envelopes straight from a frame with <see cref="Utf8JsonReader"/>: a JSON
/// object, known keys of the right type, no duplicates, nothing after the object. Parameters are not
/// parsed, only located.
/// </summary>
/// <remarks>
/// Calls are read strictly: a key the spec does not name is refused unless it is a vendor extension
/// (a name holding a <c>.</c>), which is skipped. Replies are read as the Go, Python and libvarlink
/// clients read them: the spec's keys (<c>parameters</c>, <c>continues</c>, <c>error</c>,
/// <c>upgraded</c>) are checked, any other key is skipped, so a service that adds a key of its own
/// still interoperates.
/// </remarks>
internal static class EnvelopeReader
{
    private const int SeenMethod = 1, SeenParameters = 2, SeenMore = 4, SeenOneway = 8, SeenUpgrade = 16, SeenContinues = 32, SeenError = 64, SeenUpgraded = 128;

    public static CallEnvelope ReadCall(ReadOnlySequence<byte> frame, ProtocolLimits limits)
    {
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        string? method = null;
        var flags = CallFlags.None;
        var parameters = ReadOnlySequence<byte>.Empty;
        int seen = 0;
        try
        {
            ReadStartObject(ref reader);
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    Mark(ref seen, SeenMethod, "method");
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        ThrowBad("The \"method\" of a call must be a string.");
                    }

                    method = reader.GetString();
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    Mark(ref seen, SeenParameters, "parameters");
                    parameters = ReadParameters(ref reader, frame);
                }
                else if (reader.ValueTextEquals("more"u8))
                {
                    Mark(ref seen, SeenMore, "more");
                    if (ReadBool(ref reader, "more"))
                    {
                        flags |= CallFlags.More;
                    }
                }
                else if (reader.ValueTextEquals("oneway"u8))
                {
                    Mark(ref seen, SeenOneway, "oneway");
                    if (ReadBool(ref reader, "oneway"))
                    {
                        flags |= CallFlags.Oneway;
                    }
                }
                else if (reader.ValueTextEquals("upgrade"u8))
                {
                    Mark(ref seen, SeenUpgrade, "upgrade");
                    if (ReadBool(ref reader, "upgrade"))
                    {
                        flags |= CallFlags.Upgrade;
                    }
                }
                else
                {
                    SkipVendorExtension(ref reader);
                }
            }

            ReadEnd(ref reader);
        }
        catch (JsonException e)
        {
            throw new VarlinkProtocolException($"A varlink call is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // A name (method, vendor key) that cannot be decoded: bytes that are not UTF-8, or an
            // escaped lone surrogate such as \ud800. Parameters are not decoded here.
            throw new VarlinkProtocolException($"A varlink call holds a name that is not valid text: {e.Message}", e);
        }

        if (method is null)
        {
            ThrowBad("A varlink call has no \"method\".");
        }

        if (flags is not (CallFlags.None or CallFlags.More or CallFlags.Oneway or CallFlags.Upgrade))
        {
            ThrowBad("A varlink call may set only one of \"more\", \"oneway\" and \"upgrade\".");
        }

        return new CallEnvelope(method, flags, parameters);
    }

    public static ReplyEnvelope ReadReply(ReadOnlySequence<byte> frame, ProtocolLimits limits)
    {
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        string? error = null;
        bool continues = false;
        var parameters = ReadOnlySequence<byte>.Empty;
        int seen = 0;
        try
        {
            ReadStartObject(ref reader);
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("parameters"u8))
                {
                    Mark(ref seen, SeenParameters, "parameters");
                    parameters = ReadParameters(ref reader, frame);
                }
                else if (reader.ValueTextEquals("continues"u8))
                {
                    Mark(ref seen, SeenContinues, "continues");
                    continues = ReadBool(ref reader, "continues");
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    Mark(ref seen, SeenError, "error");
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        ThrowBad("The \"error\" of a reply must be a string.");
                    }

                    error = reader.GetString();
                    if (string.IsNullOrEmpty(error))
                    {
                        ThrowBad("The \"error\" of a reply is empty.");
                    }
                }
                else if (reader.ValueTextEquals("upgraded"u8))
                {
                    // The spec's confirmation of an upgrade: checked, but the call's own flag decides.
                    Mark(ref seen, SeenUpgraded, "upgraded");
                    ReadBool(ref reader, "upgraded");
                }
                else
                {
                    // Any other key (a vendor extension or not) is skipped, as other clients do.
                    reader.Read();
                    reader.Skip();
                }
            }

            ReadEnd(ref reader);
        }
        catch (JsonException e)
        {
            throw new VarlinkProtocolException($"A varlink reply is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // A name (error, vendor key) that cannot be decoded: bytes that are not UTF-8, or an
            // escaped lone surrogate such as \ud800. Parameters are not decoded here.
            throw new VarlinkProtocolException($"A varlink reply holds a name that is not valid text: {e.Message}", e);
        }

        if (error is not null && continues)
        {
            ThrowBad("A varlink error reply may not set \"continues\": an error is final.");
        }

        return new ReplyEnvelope(error, continues, parameters);
    }

    private static void ReadStartObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowBad("A varlink message must be a JSON object.");
        }
    }

    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void ReadEnd(ref Utf8JsonReader reader)
    {
        // The object is closed; anything but whitespace after it makes Read throw.
        if (reader.Read())
        {
            ThrowBad("A varlink message has data after its JSON object.");
        }
    }

    private static void Mark(ref int seen, int bit, string key)
    {
        if ((seen & bit) != 0)
        {
            ThrowBad($"A varlink message has the key \"{key}\" twice.");
        }

        seen |= bit;
    }

    private static ReadOnlySequence<byte> ReadParameters(ref Utf8JsonReader reader, ReadOnlySequence<byte> frame)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowBad("The \"parameters\" of a varlink message must be an object.");
        }

        long start = reader.TokenStartIndex;
        reader.Skip();
        return frame.Slice(start, reader.BytesConsumed - start);
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string key)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => ThrowNotBool(key),
        };
    }

    private static void SkipVendorExtension(ref Utf8JsonReader reader)
    {
        string key = reader.GetString()!;
        if (!key.Contains('.', StringComparison.Ordinal))
        {
            ThrowBad($"A varlink message has the unknown key \"{key}\" (vendor extensions must be named in reverse-domain notation).");
        }

        reader.Read();
        reader.Skip();
    }

    [DoesNotReturn]
    private static bool ThrowNotBool(string key) => throw new VarlinkProtocolException($"The \"{key}\" of a varlink message must be true or false.");

    [DoesNotReturn]
    private static void ThrowBad(string message) => throw new VarlinkProtocolException(message);
}
