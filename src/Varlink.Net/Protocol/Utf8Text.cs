using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Varlink;

/// <summary>
/// Checks that a message is UTF-8, as JSON exchanged between systems must be (RFC 8259, 8.1).
/// <see cref="System.Text.Json.Utf8JsonReader"/> does not check the bytes inside strings until a string is
/// decoded, so without this check bad bytes would surface later as an <see cref="InvalidOperationException"/>
/// (in a handler, or while naming a bad parameter) instead of as the peer's protocol violation.
/// </summary>
internal static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsValid(in ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment)
        {
            return Utf8.IsValid(bytes.FirstSpan);
        }

        // A character may straddle two segments: the decoder keeps the partial sequence for the next one.
        var decoder = Strict.GetDecoder();
        Span<char> scratch = stackalloc char[1024];
        try
        {
            foreach (var segment in bytes)
            {
                var span = segment.Span;
                bool completed = span.IsEmpty;
                while (!completed)
                {
                    decoder.Convert(span, scratch, flush: false, out int used, out _, out completed);
                    span = span[used..];
                }
            }

            decoder.Convert([], scratch, flush: true, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
