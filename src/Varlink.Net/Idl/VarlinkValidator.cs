using System.Globalization;
using System.Text.Json;

namespace Varlink.Idl;

/// <summary>
/// Checks JSON values against the types of an interface definition: the server uses it to answer
/// <c>org.varlink.service.InvalidParameter</c> naming the first bad field. Rules: unknown fields are
/// invalid; non-nullable fields must be present and not null; <c>?</c> fields may be absent or null;
/// <c>int</c> takes only integer literals that fit 64 bits; <c>float</c> takes any finite number;
/// enums take their member names; <c>object</c> takes any object; <c>any</c> takes anything but null.
/// </summary>
/// <remarks>
/// Paths name top-level fields plainly (<c>name</c>) and nested ones with dots and brackets
/// (<c>opts.filters[2]</c>, <c>labels[key]</c>). Nothing is allocated on the valid path.
/// </remarks>
public static class VarlinkValidator
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
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        return Check(definition, type ?? throw new ArgumentNullException(nameof(type)), value, depth: 0);
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

        return CheckStruct(definition, type, parameters, depth: 0);
    }

    private const int MaxDepth = 64;

    /// <summary>Returns null when valid, else a path relative to <paramref name="value"/> ("" for the value itself).</summary>
    private static string? Check(VarlinkInterfaceDefinition definition, VarlinkType type, JsonElement value, int depth)
    {
        if (depth > MaxDepth)
        {
            return string.Empty;
        }

        if (type is VarlinkNullableType nullable)
        {
            return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? null
                : Check(definition, nullable.Inner, value, depth);
        }

        switch (type)
        {
            case VarlinkPrimitiveType primitive:
                return CheckPrimitive(primitive.Kind, value) ? null : string.Empty;
            case VarlinkNamedType named:
                var resolved = definition.FindType(named.Name);
                return resolved is null ? string.Empty : Check(definition, resolved.Type, value, depth + 1);
            case VarlinkEnumType enumType:
                return value.ValueKind == JsonValueKind.String && enumType.Contains(value.GetString()!) ? null : string.Empty;
            case VarlinkStructType structType:
                return CheckStruct(definition, structType, value, depth + 1);
            case VarlinkArrayType array:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return string.Empty;
                }

                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var bad = Check(definition, array.Element, item, depth + 1);
                    if (bad is not null)
                    {
                        return Join("[" + index.ToString(CultureInfo.InvariantCulture) + "]", bad);
                    }

                    index++;
                }

                return null;
            case VarlinkMapType map:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return string.Empty;
                }

                foreach (var entry in value.EnumerateObject())
                {
                    var bad = Check(definition, map.Value, entry.Value, depth + 1);
                    if (bad is not null)
                    {
                        return Join("[" + entry.Name + "]", bad);
                    }
                }

                return null;
            default:
                return string.Empty;
        }
    }

    private static string? CheckStruct(VarlinkInterfaceDefinition definition, VarlinkStructType type, JsonElement value, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var fields = type.Fields;

        // Which declared fields were seen: a bit per field, on the stack for ordinary structs.
        Span<bool> seen = fields.Count <= 256 ? stackalloc bool[fields.Count] : new bool[fields.Count];
        foreach (var property in value.EnumerateObject())
        {
            var index = IndexOf(fields, property);
            if (index < 0 || seen[index])
            {
                return property.Name;
            }

            seen[index] = true;
            var bad = Check(definition, fields[index].Type, property.Value, depth);
            if (bad is not null)
            {
                return Join(property.Name, bad);
            }
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (!seen[i] && !fields[i].Type.IsNullable)
            {
                return fields[i].Name;
            }
        }

        return null;
    }

    private static int IndexOf(EquatableArray<VarlinkField> fields, JsonProperty property)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (property.NameEquals(fields[i].Name))
            {
                return i;
            }
        }

        return -1;
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

    private static bool CheckPrimitive(VarlinkPrimitiveKind kind, JsonElement value) => kind switch
    {
        VarlinkPrimitiveKind.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        VarlinkPrimitiveKind.Int => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        VarlinkPrimitiveKind.Float => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d),
        VarlinkPrimitiveKind.String => value.ValueKind == JsonValueKind.String,
        VarlinkPrimitiveKind.Object => value.ValueKind == JsonValueKind.Object,
        _ => value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null),
    };

    private static string Join(string head, string tail) =>
        tail.Length == 0 ? head : tail[0] == '[' ? head + tail : head + "." + tail;
}
