namespace Podman.Server.Service;

/// <summary>
/// A detach key sequence (<c>ctrl-p,ctrl-q</c>: comma-separated keys, each one character or
/// <c>ctrl-</c> and one of <c>a</c>–<c>z</c>, <c>@</c>, <c>[</c>, <c>\</c>, <c>]</c>, <c>^</c>, <c>_</c>),
/// and its detection in a stream of standard-input bytes.
/// </summary>
/// <remarks>
/// Detection works as libpod's does: a byte that continues the sequence is held back; a byte that
/// breaks it lets the held bytes go through with it; the whole sequence detaches and is never passed on.
/// Because the bytes passed on never complete the sequence, a libpod given the same keys never detects it.
/// </remarks>
internal sealed class DetachKeys
{
    /// <summary>libpod's default (an empty <c>detachKeys</c> means this in io.podman).</summary>
    public const string Default = "ctrl-p,ctrl-q";

    private readonly byte[] _keys;
    private int _matched;

    private DetachKeys(string text, byte[] keys)
    {
        Text = text;
        _keys = keys;
    }

    /// <summary>The sequence as given (the default when it was empty).</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/> (empty → <see cref="Default"/>); null and a reason when it is not a key sequence.</summary>
    public static DetachKeys? TryParse(string? text, out string reason)
    {
        reason = "";
        text = string.IsNullOrEmpty(text) ? Default : text;
        var keys = new List<byte>();
        foreach (var key in text.Split(','))
        {
            if (key.Length == 1 && key[0] < 0x80)
            {
                keys.Add((byte)key[0]);
                continue;
            }

            if (key.Length == 6 && key.StartsWith("ctrl-", StringComparison.Ordinal) && Control(key[5]) is { } control)
            {
                keys.Add(control);
                continue;
            }

            reason = $"unknown key \"{key}\" (a key is one character, or ctrl- and one of a-z @ [ \\ ] ^ _)";
            return null;
        }

        return new DetachKeys(text, [.. keys]);
    }

    private static byte? Control(char c) => c switch
    {
        >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
        '@' => 0,
        '[' => 27,
        '\\' => 28,
        ']' => 29,
        '^' => 30,
        '_' => 31,
        _ => null,
    };

    /// <summary>
    /// Runs <paramref name="input"/> through the detector: the bytes to pass on go to
    /// <paramref name="output"/> (room for <c>input.Length</c> plus the sequence's length is enough).
    /// </summary>
    /// <returns>How many bytes were written to <paramref name="output"/>, and whether the sequence was completed (the rest of the input is dropped).</returns>
    public (int Written, bool Detached) Filter(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = 0;
        foreach (var b in input)
        {
            if (b == _keys[_matched])
            {
                _matched++;
                if (_matched == _keys.Length)
                {
                    _matched = 0;
                    return (written, true);
                }

                continue;
            }

            // The sequence broke: what was held goes through, then this byte.
            _keys.AsSpan(0, _matched).CopyTo(output[written..]);
            written += _matched;
            _matched = 0;
            output[written++] = b;
        }

        return (written, false);
    }

    /// <summary>The largest number of bytes <see cref="Filter"/> may write for an input of <paramref name="length"/> bytes.</summary>
    public int MaxOutput(int length) => length + _keys.Length;
}
