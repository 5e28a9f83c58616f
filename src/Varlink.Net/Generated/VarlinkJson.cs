using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Varlink.Generated;

/// <summary>
/// Readers and writers of varlink values, used by the code that Varlink.Net.Generator emits (no
/// reflection, NativeAOT-safe). Readers start on the value's first token and leave the reader on its
/// last token; a value of the wrong JSON kind throws <see cref="JsonException"/>. They are strict,
/// except while a server reads the parameters of an interface registered with
/// <see cref="VarlinkInterfaceOptions.LenientParameters"/>: then a null reads as the type's zero
/// value, and <see cref="MissingField{T}(string, T)"/> gives the zero value instead of failing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VarlinkJson
{
    // Set by the server around GetParameters for a lenient interface; reading is synchronous, so a
    // thread-static flag reaches every nested reader without passing it along.
    [ThreadStatic]
    private static bool t_lenient;

    // How deep zero values of nested structs go (a struct that contains itself has none).
    [ThreadStatic]
    private static int t_zeroDepth;

    private const int MaxZeroDepth = 64;

    /// <summary>Whether reading is lenient on this thread now.</summary>
    public static bool IsLenient => t_lenient;

    /// <summary>Checks that the reader is at the start of an object; when lenient, a null stands for an empty one.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>True at the start of an object; false on a null read leniently (there are no fields to read).</returns>
    public static bool ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        return IsLenientNull(ref reader) ? false : throw Mismatch(ref reader, "an object");
    }

    /// <summary>Whether the reader is on a null that is read leniently (as the zero value of the type expected).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>True on a null while reading leniently.</returns>
    public static bool IsLenientNull(ref Utf8JsonReader reader) => t_lenient && reader.TokenType == JsonTokenType.Null;

    /// <summary>Moves to the next property name of the current object.</summary>
    /// <param name="reader">The reader, inside an object.</param>
    /// <returns>True on a property name; false at the object's end.</returns>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw Mismatch(ref reader, "a property name"),
        };
    }

    /// <summary>Moves from a property name to its value.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    public static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON value ends too early.");
        }
    }

    /// <summary>Moves past the value of the current property (an unknown field).</summary>
    /// <param name="reader">The reader, on a property name.</param>
    public static void SkipProperty(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        reader.Skip();
    }

    /// <summary>Reads <c>bool</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ when IsLenientNull(ref reader) => false,
        _ => throw Mismatch(ref reader, "true or false"),
    };

    /// <summary>Reads <c>int</c>: an integer literal that fits 64 bits.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value
        : IsLenientNull(ref reader) ? 0
        : throw Mismatch(ref reader, "an integer");

    /// <summary>Reads <c>float</c>: any finite number, integer literals included.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : IsLenientNull(ref reader) ? 0
            : throw Mismatch(ref reader, "a number");

    /// <summary>Reads <c>string</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static string ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()!
        : IsLenientNull(ref reader) ? string.Empty
        : throw Mismatch(ref reader, "a string");

    /// <summary>Reads <c>object</c>: any JSON object, kept as raw JSON.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The object.</returns>
    public static JsonElement ReadObject(ref Utf8JsonReader reader) =>
        ExpectObject(ref reader) ? JsonElement.ParseValue(ref reader) : default;

    /// <summary>Reads <c>any</c>: any JSON value except null, kept as raw JSON.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static JsonElement ReadAny(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Null ? JsonElement.ParseValue(ref reader)
        : IsLenientNull(ref reader) ? default
        : throw Mismatch(ref reader, "a value");

    /// <summary>Reads an array <c>[]T</c>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="readItem">Reads one item.</param>
    /// <returns>The items.</returns>
    public static IReadOnlyList<T> ReadList<T>(ref Utf8JsonReader reader, VarlinkJsonReader<T> readItem)
    {
        ArgumentNullException.ThrowIfNull(readItem);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return IsLenientNull(ref reader) ? [] : throw Mismatch(ref reader, "an array");
        }

        var items = new List<T>();
        while (true)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return items;
            }

            items.Add(readItem(ref reader));
        }
    }

    /// <summary>Reads a map <c>[string]T</c>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="readValue">Reads one value.</param>
    /// <returns>The entries.</returns>
    public static IReadOnlyDictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, VarlinkJsonReader<T> readValue)
    {
        ArgumentNullException.ThrowIfNull(readValue);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        if (!ExpectObject(ref reader))
        {
            return map;
        }

        while (NextProperty(ref reader))
        {
            var key = reader.GetString()!;
            Advance(ref reader);
            map[key] = readValue(ref reader);
        }

        return map;
    }

    /// <summary>Reads a string set <c>[string]()</c>: an object whose values are empty objects.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlySet<string> ReadSet(ref Utf8JsonReader reader)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!ExpectObject(ref reader))
        {
            return set;
        }

        while (NextProperty(ref reader))
        {
            set.Add(reader.GetString()!);
            Advance(ref reader);
            if (ExpectObject(ref reader))
            {
                reader.Skip();
            }
        }

        return set;
    }

    /// <summary>Writes an array.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="items">The items.</param>
    /// <param name="writeItem">Writes one item.</param>
    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writeItem);
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a map.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="map">The entries.</param>
    /// <param name="writeValue">Writes one value.</param>
    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, T> writeValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(writeValue);
        writer.WriteStartObject();
        foreach (var entry in map)
        {
            writer.WritePropertyName(entry.Key);
            writeValue(writer, entry.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a string set as an object whose values are <c>{}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="set">The keys.</param>
    public static void WriteSet(Utf8JsonWriter writer, IReadOnlyCollection<string> set)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(set);
        writer.WriteStartObject();
        foreach (var key in set)
        {
            writer.WritePropertyName(key);
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes raw JSON held as an element; a <c>default</c> element is written as <c>{}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteElement(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        value.WriteTo(writer);
    }

    /// <summary>The error for a required (non-nullable) field that is absent.</summary>
    /// <param name="name">The field's wire name.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException MissingField(string name) =>
        new($"The required field '{name}' is missing.");

    /// <summary>A required field is absent: its zero value when reading leniently, an error otherwise.</summary>
    /// <typeparam name="T">The field's type.</typeparam>
    /// <param name="name">The field's wire name.</param>
    /// <param name="zero">The type's zero value.</param>
    /// <returns><paramref name="zero"/>, when lenient.</returns>
    /// <exception cref="JsonException">Not lenient.</exception>
    public static T MissingField<T>(string name, T zero) => t_lenient ? zero : throw MissingField(name);

    /// <summary>A required struct field is absent: a struct of zero values when reading leniently, an error otherwise.</summary>
    /// <typeparam name="T">The struct's type.</typeparam>
    /// <param name="name">The field's wire name.</param>
    /// <param name="read">Reads the struct (given <c>{}</c>).</param>
    /// <returns>The zero struct, when lenient.</returns>
    /// <exception cref="JsonException">Not lenient, or the struct contains itself.</exception>
    public static T MissingStruct<T>(string name, VarlinkJsonReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!t_lenient)
        {
            throw MissingField(name);
        }

        if (t_zeroDepth >= MaxZeroDepth)
        {
            throw new JsonException($"The field '{name}' has no zero value: its struct contains itself.");
        }

        t_zeroDepth++;
        try
        {
            var reader = new Utf8JsonReader("{}"u8);
            reader.Read();
            return read(ref reader);
        }
        finally
        {
            t_zeroDepth--;
        }
    }

    /// <summary>The zero value of a map, for a field absent when reading leniently.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <returns>An empty map.</returns>
    public static IReadOnlyDictionary<string, T> EmptyMap<T>() => System.Collections.Frozen.FrozenDictionary<string, T>.Empty;

    /// <summary>The zero value of a string set, for a field absent when reading leniently.</summary>
    public static IReadOnlySet<string> EmptySet => System.Collections.Frozen.FrozenSet<string>.Empty;

    /// <summary>Starts reading leniently (or strictly) on this thread; <see cref="EndLenient"/> restores what was before.</summary>
    internal static bool BeginLenient(bool lenient)
    {
        bool previous = t_lenient;
        t_lenient = lenient;
        return previous;
    }

    internal static void EndLenient(bool previous) => t_lenient = previous;

    /// <summary>The error for a string that is not one of an enum's members.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException UnknownEnumValue(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? new JsonException($"'{reader.GetString()}' is not a member of the enum.")
            : Mismatch(ref reader, "an enum member name");

    /// <summary>Creates the serialization metadata of a generated type from its converter.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="options">The options the metadata belongs to.</param>
    /// <param name="converter">The generated converter.</param>
    /// <returns>The metadata.</returns>
    public static JsonTypeInfo<T> CreateTypeInfo<T>(JsonSerializerOptions options, JsonConverter<T> converter) =>
        JsonMetadataServices.CreateValueInfo<T>(options, converter);

    /// <summary>Serializes a generated value to a JSON element (for error parameters and upgrade confirmations).</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its metadata.</param>
    /// <returns>The JSON element.</returns>
    public static JsonElement ToElement<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToElement(value, typeInfo);

    /// <summary>Deserializes a generated value from a JSON element; absent (<c>default</c>) reads as <c>{}</c>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="element">The JSON.</param>
    /// <param name="typeInfo">Its metadata.</param>
    /// <returns>The value.</returns>
    public static T FromElement<T>(JsonElement element, JsonTypeInfo<T> typeInfo) =>
        element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? JsonSerializer.Deserialize("{}", typeInfo)!
            : element.Deserialize(typeInfo)!;

    private static JsonException Mismatch(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected}, found {reader.TokenType}.");
}
