using System.Globalization;

namespace Varlink.Idl;

/// <summary>
/// Splits interface-definition text into tokens. Whitespace and line breaks follow the IDL's PEG
/// (ECMA-262 white space; <c>\n</c>, <c>\r\n</c>, <c>\r</c>, U+2028 and U+2029 end a line).
/// </summary>
internal static class VarlinkIdlLexer
{
    public static List<VarlinkIdlToken> Tokenize(string text)
    {
        var tokens = new List<VarlinkIdlToken>();
        var line = 1;
        var lineStart = 0;
        var newlines = 0;
        var lineBreak = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                lineStart = i;
                newlines++;
                lineBreak = true;
                continue;
            }

            if (IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var column = i - lineStart + 1;
            VarlinkIdlTokenKind kind;
            var value = string.Empty;
            var start = i;
            switch (c)
            {
                case '#':
                    i++;
                    while (i < text.Length && !IsLineBreak(text[i]))
                    {
                        i++;
                    }

                    kind = VarlinkIdlTokenKind.Comment;
                    value = text.Substring(start + 1, i - start - 1);
                    break;
                case '-' when i + 1 < text.Length && text[i + 1] == '>':
                    kind = VarlinkIdlTokenKind.Arrow;
                    i += 2;
                    break;
                default:
                    kind = Punctuation(c);
                    if (kind != VarlinkIdlTokenKind.End)
                    {
                        i++;
                        break;
                    }

                    if (!IsWordStart(c))
                    {
                        throw new VarlinkIdlException($"unexpected character {DescribeChar(c)}", line, column);
                    }

                    i = ScanWord(text, i);
                    kind = VarlinkIdlTokenKind.Word;
                    value = text.Substring(start, i - start);
                    break;
            }

            tokens.Add(new VarlinkIdlToken(kind, value, line, column, newlines, lineBreak));
            newlines = 0;
            if (kind != VarlinkIdlTokenKind.Comment)
            {
                lineBreak = false;
            }
        }

        tokens.Add(new VarlinkIdlToken(VarlinkIdlTokenKind.End, string.Empty, line, text.Length - lineStart + 1, newlines, lineBreak));
        return tokens;
    }

    /// <summary>A word: letters, digits, <c>_</c>, <c>.</c>, and runs of <c>-</c> followed by a letter or digit.</summary>
    private static int ScanWord(string text, int i)
    {
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsAsciiLetterOrDigit(c) || c == '_' || c == '.')
            {
                i++;
                continue;
            }

            if (c == '-')
            {
                var j = i;
                while (j < text.Length && text[j] == '-')
                {
                    j++;
                }

                if (j < text.Length && IsAsciiLetterOrDigit(text[j]))
                {
                    i = j;
                    continue;
                }
            }

            break;
        }

        return i;
    }

    private static VarlinkIdlTokenKind Punctuation(char c) => c switch
    {
        '(' => VarlinkIdlTokenKind.LeftParen,
        ')' => VarlinkIdlTokenKind.RightParen,
        '[' => VarlinkIdlTokenKind.LeftBracket,
        ']' => VarlinkIdlTokenKind.RightBracket,
        ':' => VarlinkIdlTokenKind.Colon,
        ',' => VarlinkIdlTokenKind.Comma,
        '?' => VarlinkIdlTokenKind.Question,
        _ => VarlinkIdlTokenKind.End,
    };

    private static bool IsWordStart(char c) => IsAsciiLetterOrDigit(c) || c == '_';

    internal static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    internal static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9');

    private static bool IsLineBreak(char c) => c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029';

    private static bool IsWhiteSpace(char c) =>
        c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\u00A0' || c == '\uFEFF'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

    private static string DescribeChar(char c) =>
        c < ' ' || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
}
