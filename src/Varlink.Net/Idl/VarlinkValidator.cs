using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Varlink.Idl;

/// <summary>
/// Checks JSON values against the types of an interface definition: the server uses it to answer
/// <c>org.varlink.service.InvalidParameter</c> naming the first bad field. Rules: unknown fields are
/// invalid; non-nullable fields must be present and not null; <c>?</c> fields may be absent or null;
/// <c>int</c> takes only integer literals that fit 64 bits; <c>float</c> takes any finite number;
/// enums take their member names; <c>object</c> takes any object; <c>any</c> takes anything but null;
/// a value nested deeper than the depth limit is invalid. A server can check an interface's calls
/// leniently instead (<see cref="VarlinkInterfaceOptions.LenientParameters"/>): then missing fields,
/// unknown fields and nulls pass (they stand for zero values), and only present values of the wrong
/// type are invalid.
/// </summary>
/// <remarks>
/// Paths name top-level fields plainly (<c>name</c>) and nested ones with dots and brackets
/// (<c>opts.filters[2]</c>, <c>labels[key]</c>). One rule set walks raw UTF-8 JSON with a
/// <see cref="Utf8JsonReader"/>: the overloads taking bytes check a received frame in place, and the
/// ones taking a <see cref="JsonElement"/> walk the element's own UTF-8 text, so both give the same
/// answers. Nothing is allocated on the valid path.
/// </remarks>
public static partial class VarlinkValidator
{
    /// <summary>
    /// Checks a call's parameters against a method's input. Absent (<c>default</c>), <c>null</c> and
    /// <c>{}</c> parameters are the same.
    /// </summary>
    /// <param name="definition">The interface declaring the method.</param>
    /// <param name="methodName">The method name without the interface.</param>
    /// <param name="parameters">The call's <c>parameters</c>.</param>
    /// <returns>The path of the first unknown, missing or mistyped field; null when valid.</returns>
    /// <exception cref="ArgumentException">The interface has no such method.</exception>
    public static string? FindInvalidParameter(VarlinkInterfaceDefinition definition, string methodName, JsonElement parameters) =>
        FindInvalidInStruct(definition, RequireMethod(definition, methodName).Input, parameters);

    /// <summary>
    /// Checks a call's parameters, given as their raw UTF-8 JSON (as received, for example a slice of
    /// the frame), against a method's input. Empty bytes, <c>null</c> and <c>{}</c> are the same.
    /// </summary>
    /// <param name="definition">The interface declaring the method.</param>
    /// <param name="methodName">The method name without the interface.</param>
    /// <param name="parameters">The UTF-8 JSON of the call's <c>parameters</c>; empty when absent.</param>
    /// <param name="maxDepth">The deepest nesting accepted (the parameters object itself is level 1), as in <see cref="ProtocolLimits.MaxDepth"/>.</param>
    /// <returns>The path of the first unknown, missing or mistyped field; null when valid.</returns>
    /// <exception cref="ArgumentException">The interface has no such method.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is less than 1.</exception>
    /// <exception cref="JsonException"><paramref name="parameters"/> is not one well-formed JSON value.</exception>
    public static string? FindInvalidParameter(VarlinkInterfaceDefinition definition, string methodName, ReadOnlySequence<byte> parameters, int maxDepth = ProtocolLimits.DefaultMaxDepth) =>
        FindInvalidInput(definition, RequireMethod(definition, methodName), parameters, maxDepth);

    /// <summary>
    /// The bytes overload for a method already looked up (the server's path). Lenient: missing fields,
    /// unknown fields and nulls pass (they read as zero values); present values must still fit.
    /// </summary>
    internal static string? FindInvalidInput(VarlinkInterfaceDefinition definition, VarlinkMethod method, ReadOnlySequence<byte> parameters, int maxDepth, bool lenient = false)
    {
        var input = method.Input;
        if (parameters.IsEmpty)
        {
            return lenient ? null : FirstRequiredField(input);
        }

        var reader = new Utf8JsonReader(parameters, ReaderOptions(maxDepth, lenient: false));
        return FindInvalidInStruct(definition, input, ref reader, new Rules(maxDepth, lenient));
    }

    /// <summary>Checks a reply's parameters against a method's output.</summary>
    /// <param name="definition">The interface declaring the method.</param>
    /// <param name="methodName">The method name without the interface.</param>
    /// <param name="parameters">The reply's <c>parameters</c>.</param>
    /// <returns>The path of the first unknown, missing or mistyped field; null when valid.</returns>
    /// <exception cref="ArgumentException">The interface has no such method.</exception>
    public static string? FindInvalidReplyParameter(VarlinkInterfaceDefinition definition, string methodName, JsonElement parameters) =>
        FindInvalidInStruct(definition, RequireMethod(definition, methodName).Output, parameters);

    /// <summary>Checks an error reply's parameters against the error's declaration.</summary>
    /// <param name="definition">The interface declaring the error.</param>
    /// <param name="errorName">The error name without the interface.</param>
    /// <param name="parameters">The error reply's <c>parameters</c>.</param>
    /// <returns>The path of the first unknown, missing or mistyped field; null when valid.</returns>
    /// <exception cref="ArgumentException">The interface has no such error.</exception>
    public static string? FindInvalidErrorParameter(VarlinkInterfaceDefinition definition, string errorName, JsonElement parameters)
    {
        var error = definition?.FindError(errorName)
            ?? throw new ArgumentException($"Interface '{definition?.Name}' declares no error '{errorName}'.", nameof(errorName));
        return FindInvalidInStruct(definition, error.Parameters, parameters);
    }

    /// <summary>Checks one value against a type of the interface.</summary>
    /// <param name="definition">The interface that resolves named types.</param>
    /// <param name="type">The expected type.</param>
    /// <param name="value">The value; <c>default</c> stands for an absent value.</param>
    /// <returns>Null when valid; otherwise the path of the first bad part, empty when the value itself is bad.</returns>
    public static string? FindInvalidValue(VarlinkInterfaceDefinition definition, VarlinkType type, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(type);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return type.IsNullable ? null : string.Empty;
        }

        var reader = ReaderOver(value);
        reader.Read();
        return Check(definition, type, ref reader, new Rules(ProtocolLimits.DefaultMaxDepth, Lenient: false));
    }

    private static VarlinkMethod RequireMethod(VarlinkInterfaceDefinition definition, string methodName) =>
        definition?.FindMethod(methodName)
        ?? throw new ArgumentException($"Interface '{definition?.Name}' declares no method '{methodName}'.", nameof(methodName));

    private static string? FindInvalidInStruct(VarlinkInterfaceDefinition definition, VarlinkStructType type, JsonElement parameters)
    {
        if (parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return FirstRequiredField(type);
        }

        var reader = ReaderOver(parameters);
        return FindInvalidInStruct(definition, type, ref reader, new Rules(ProtocolLimits.DefaultMaxDepth, Lenient: false));
    }

    /// <summary>
    /// A reader over an element's own UTF-8 text (no copy). Lenient about comments and trailing commas,
    /// which a document parsed with those options may keep inside the element's text.
    /// </summary>
    private static Utf8JsonReader ReaderOver(JsonElement element) =>
        new(JsonMarshal.GetRawUtf8Value(element), ReaderOptions(ProtocolLimits.DefaultMaxDepth, lenient: true));

    private static JsonReaderOptions ReaderOptions(int maxDepth, bool lenient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);

        // One level more than the limit, so the walk itself meets a too-deep value and names its path.
        return new JsonReaderOptions
        {
            MaxDepth = maxDepth == int.MaxValue ? maxDepth : maxDepth + 1,
            CommentHandling = lenient ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            AllowTrailingCommas = lenient,
        };
    }

    private static string? FindInvalidInStruct(VarlinkInterfaceDefinition definition, VarlinkStructType type, ref Utf8JsonReader reader, Rules rules)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null
            ? (rules.Lenient ? null : FirstRequiredField(type))
            : Check(definition, type, ref reader, rules);
    }

    private static string? FirstRequiredField(VarlinkStructType type)
    {
        foreach (var field in type.Fields)
        {
            if (!field.Type.IsNullable)
            {
                return field.Name;
            }
        }

        return null;
    }
}
