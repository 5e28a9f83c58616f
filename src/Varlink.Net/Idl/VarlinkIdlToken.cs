namespace Varlink.Idl;

/// <summary>One token, with where it starts and how it is separated from what came before.</summary>
/// <param name="Kind">The kind of token.</param>
/// <param name="Text">The word, or a comment's text after <c>#</c>; empty for punctuation.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="NewlinesBefore">Line breaks between the previous token (of any kind) and this one.</param>
/// <param name="LineBreakBefore">Whether a line break separates this token from the previous non-comment token.</param>
internal readonly record struct VarlinkIdlToken(
    VarlinkIdlTokenKind Kind,
    string Text,
    int Line,
    int Column,
    int NewlinesBefore,
    bool LineBreakBefore)
{
    public string Describe() => Kind switch
    {
        VarlinkIdlTokenKind.End => "the end of the text",
        VarlinkIdlTokenKind.Word => $"'{Text}'",
        VarlinkIdlTokenKind.Comment => "a comment",
        VarlinkIdlTokenKind.LeftParen => "'('",
        VarlinkIdlTokenKind.RightParen => "')'",
        VarlinkIdlTokenKind.LeftBracket => "'['",
        VarlinkIdlTokenKind.RightBracket => "']'",
        VarlinkIdlTokenKind.Colon => "':'",
        VarlinkIdlTokenKind.Comma => "','",
        VarlinkIdlTokenKind.Question => "'?'",
        _ => "'->'",
    };
}
