namespace Varlink.Generator;

/// <summary>How a method is called: once, streamed with <c>more</c>, or with <c>upgrade</c>.</summary>
internal enum MethodKind
{
    Call,
    More,
    Upgrade,
}
