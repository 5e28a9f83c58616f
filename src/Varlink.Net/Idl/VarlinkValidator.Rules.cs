using System.Globalization;
using System.Text.Json;

namespace Varlink.Idl;

/// <summary>The rule set: a walk over a <see cref="Utf8JsonReader"/> that stops at the first bad value.</summary>
public static partial class VarlinkValidator
{
    // Named types resolve to structs and enums; a hand-built definition could chain names, so the
    // chain is bounded rather than trusted.
    private const int MaxNameHops = 64;

    /// <summary>
    /// Checks the value whose first token the reader is on. When valid, leaves the reader on the
    /// value's last token and returns null; otherwise returns a path relative to the value ("" for
    /// the value itself) and leaves the reader anywhere.
    /// </summary>
    private static string? Check(VarlinkInterfaceDefinition definition, VarlinkType type, ref Utf8JsonReader reader, Rules rules)
    {
        if (reader.TokenType == JsonTokenType.Null && rules.Lenient)
        {
            // Lenient: null stands for the zero value of any type.
            return null;
        }

        if (type is VarlinkNullableType nullable)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            type = nullable.Inner;
        }

        if (IsTooDeep(ref reader, rules.MaxDepth))
        {
            return string.Empty;
        }

        for (var hops = 0; type is VarlinkNamedType named; hops++)
        {
            var resolved = hops < MaxNameHops ? definition.FindType(named.Name) : null;
            if (resolved is null)
            {
                return string.Empty;
            }

            type = resolved.Type;
        }

        return type switch
        {
            VarlinkPrimitiveType primitive => CheckPrimitive(primitive.Kind, ref reader, rules.MaxDepth) ? null : string.Empty,
            VarlinkEnumType enumType => reader.TokenType == JsonTokenType.String && IsMember(enumType, ref reader) ? null : string.Empty,
            VarlinkStructType structType => CheckStruct(definition, structType, ref reader, rules),
            VarlinkArrayType array => CheckArray(definition, array, ref reader, rules),
            VarlinkMapType map => CheckMap(definition, map, ref reader, rules),
            _ => string.Empty,
        };
    }

    private static string? CheckStruct(VarlinkInterfaceDefinition definition, VarlinkStructType type, ref Utf8JsonReader reader, Rules rules)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return string.Empty;
        }

        var fields = type.Fields;

        // Which declared fields were seen: a flag per field, on the stack for ordinary structs.
        Span<bool> seen = fields.Count <= 256 ? stackalloc bool[fields.Count] : new bool[fields.Count];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(fields, ref reader);
            if (index < 0 && rules.Lenient)
            {
                // Lenient: an unknown field is ignored (unless it is nested too deep).
                var key = reader;
                reader.Read();
                if (IsTooDeep(ref reader, rules.MaxDepth) || !SkipWithin(ref reader, rules.MaxDepth))
                {
                    return NameOf(ref key);
                }

                continue;
            }

            if (index < 0 || seen[index])
            {
                return NameOf(ref reader);
            }

            seen[index] = true;
            reader.Read();
            var bad = Check(definition, fields[index].Type, ref reader, rules);
            if (bad is not null)
            {
                return Join(fields[index].Name, bad);
            }
        }

        for (var i = 0; i < fields.Count && !rules.Lenient; i++)
        {
            if (!seen[i] && !fields[i].Type.IsNullable)
            {
                return fields[i].Name;
            }
        }

        return null;
    }

    private static string? CheckArray(VarlinkInterfaceDefinition definition, VarlinkArrayType array, ref Utf8JsonReader reader, Rules rules)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return string.Empty;
        }

        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            var bad = Check(definition, array.Element, ref reader, rules);
            if (bad is not null)
            {
                return Join("[" + index.ToString(CultureInfo.InvariantCulture) + "]", bad);
            }
        }

        return null;
    }

    private static string? CheckMap(VarlinkInterfaceDefinition definition, VarlinkMapType map, ref Utf8JsonReader reader, Rules rules)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return string.Empty;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The key is read only when its value is bad: keep a copy of the reader standing on it.
            var key = reader;
            reader.Read();
            var bad = Check(definition, map.Value, ref reader, rules);
            if (bad is not null)
            {
                return Join("[" + NameOf(ref key) + "]", bad);
            }
        }

        return null;
    }

    /// <summary>
    /// The name the reader stands on, to name a bad parameter. A name that cannot be decoded (not
    /// UTF-8, or an escaped lone surrogate) is given with replacement characters: it is still the
    /// caller's bad parameter, not a failure of the server.
    /// </summary>
    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    private static bool CheckPrimitive(VarlinkPrimitiveKind kind, ref Utf8JsonReader reader, int maxDepth) => kind switch
    {
        VarlinkPrimitiveKind.Bool => reader.TokenType is JsonTokenType.True or JsonTokenType.False,
        VarlinkPrimitiveKind.Int => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _),
        VarlinkPrimitiveKind.Float => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d),
        VarlinkPrimitiveKind.String => reader.TokenType == JsonTokenType.String,
        VarlinkPrimitiveKind.Object => reader.TokenType == JsonTokenType.StartObject && SkipWithin(ref reader, maxDepth),
        _ => reader.TokenType != JsonTokenType.Null && SkipWithin(ref reader, maxDepth),
    };

    /// <summary>Moves past an object or array of any content (a no-op on a scalar); false when something inside is too deep.</summary>
    private static bool SkipWithin(ref Utf8JsonReader reader, int maxDepth)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                if (reader.CurrentDepth == depth)
                {
                    return true;
                }
            }
            else if (IsTooDeep(ref reader, maxDepth))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>An object or array starting at a depth the limit does not allow (the outermost value is at depth 0).</summary>
    private static bool IsTooDeep(ref Utf8JsonReader reader, int maxDepth) =>
        reader.CurrentDepth >= maxDepth && (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray);

    private static int IndexOf(EquatableArray<VarlinkField> fields, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (TextEquals(ref reader, fields[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsMember(VarlinkEnumType type, ref Utf8JsonReader reader)
    {
        // By index: EquatableArray's enumerator is boxed.
        var members = type.Members;
        for (var i = 0; i < members.Count; i++)
        {
            if (TextEquals(ref reader, members[i].Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the name or string the reader stands on is <paramref name="text"/>; text that cannot be decoded is no name.</summary>
    private static bool TextEquals(ref Utf8JsonReader reader, string text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (such as \ud800): equal to no declared name.
            return false;
        }
    }

    /// <summary>How strictly to check: the depth limit, and whether missing, unknown and null fields pass (zero values).</summary>
    private readonly record struct Rules(int MaxDepth, bool Lenient);

    private static string Join(string head, string tail) =>
        tail.Length == 0 ? head : tail[0] == '[' ? head + tail : head + "." + tail;
}
