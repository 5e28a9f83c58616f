namespace Varlink.Generator;

/// <summary>How a varlink type maps to C#.</summary>
internal enum TypeRefKind
{
    Bool,
    Int,
    Float,
    String,
    Object,
    Any,
    Record,
    Enum,
    List,
    Map,
    Set,
    Nullable,
}
