namespace Varlink.Idl;

/// <summary>The built-in varlink types.</summary>
public enum VarlinkPrimitiveKind
{
    /// <summary><c>bool</c>: JSON true or false.</summary>
    Bool,

    /// <summary><c>int</c>: a JSON number without fraction or exponent (64-bit signed).</summary>
    Int,

    /// <summary><c>float</c>: a JSON number (IEEE 754 double); integer literals are accepted.</summary>
    Float,

    /// <summary><c>string</c>: a JSON string.</summary>
    String,

    /// <summary><c>object</c>: any JSON object, passed through untyped ("foreign object").</summary>
    Object,

    /// <summary><c>any</c>: any JSON value except null (UAPI.20 addition).</summary>
    Any,
}
