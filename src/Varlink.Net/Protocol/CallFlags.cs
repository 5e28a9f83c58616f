namespace Varlink;

/// <summary>The boolean keys of a call; at most one may be set.</summary>
[Flags]
internal enum CallFlags
{
    None = 0,
    More = 1,
    Oneway = 2,
    Upgrade = 4,
}
