namespace Varlink.Idl;

/// <summary>The kinds of token in a varlink interface definition.</summary>
internal enum VarlinkIdlTokenKind
{
    End,
    Word,
    Comment,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Colon,
    Comma,
    Question,
    Arrow,
}
