namespace Varlink.Idl;

/// <summary>A built-in type: <c>bool</c>, <c>int</c>, <c>float</c>, <c>string</c>, <c>object</c> or <c>any</c>.</summary>
/// <param name="Kind">Which built-in type.</param>
public sealed record VarlinkPrimitiveType(VarlinkPrimitiveKind Kind) : VarlinkType
{
    /// <summary>The <c>bool</c> type.</summary>
    public static VarlinkPrimitiveType Bool { get; } = new(VarlinkPrimitiveKind.Bool);

    /// <summary>The <c>int</c> type.</summary>
    public static VarlinkPrimitiveType Int { get; } = new(VarlinkPrimitiveKind.Int);

    /// <summary>The <c>float</c> type.</summary>
    public static VarlinkPrimitiveType Float { get; } = new(VarlinkPrimitiveKind.Float);

    /// <summary>The <c>string</c> type.</summary>
    public static VarlinkPrimitiveType String { get; } = new(VarlinkPrimitiveKind.String);

    /// <summary>The <c>object</c> type (any JSON object).</summary>
    public static VarlinkPrimitiveType Object { get; } = new(VarlinkPrimitiveKind.Object);

    /// <summary>The <c>any</c> type (any non-null JSON value).</summary>
    public static VarlinkPrimitiveType Any { get; } = new(VarlinkPrimitiveKind.Any);

    /// <summary>The built-in type an IDL keyword names.</summary>
    /// <param name="keyword">A word such as <c>int</c>.</param>
    /// <returns>The type, or null when <paramref name="keyword"/> is not a built-in type's keyword.</returns>
    public static VarlinkPrimitiveType? FromKeyword(string keyword) => keyword switch
    {
        "bool" => Bool,
        "int" => Int,
        "float" => Float,
        "string" => String,
        "object" => Object,
        "any" => Any,
        _ => null,
    };

    /// <summary>The IDL keyword of this type.</summary>
    public string Keyword => Kind switch
    {
        VarlinkPrimitiveKind.Bool => "bool",
        VarlinkPrimitiveKind.Int => "int",
        VarlinkPrimitiveKind.Float => "float",
        VarlinkPrimitiveKind.String => "string",
        VarlinkPrimitiveKind.Object => "object",
        _ => "any",
    };
}
