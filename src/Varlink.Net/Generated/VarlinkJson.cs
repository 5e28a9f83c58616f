using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Varlink.Generated;

/// <summary>
/// Strict readers and writers of varlink values, used by the code that Varlink.Net.Generator emits
/// (no reflection, NativeAOT-safe). Readers start on the value's first token and leave the reader on
/// its last token; a value of the wrong JSON kind throws <see cref="JsonException"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VarlinkJson
{
    /// <summary>Checks that the reader is at the start of an object.</summary>
    /// <param name="reader">The reader.</param>
    public static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Mismatch(ref reader, "an object");
        }
    }

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
        _ => throw Mismatch(ref reader, "true or false"),
    };

    /// <summary>Reads <c>int</c>: an integer literal that fits 64 bits.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static long ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Mismatch(ref reader, "an integer");

    /// <summary>Reads <c>float</c>: any finite number, integer literals included.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw Mismatch(ref reader, "a number");

    /// <summary>Reads <c>string</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static string ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Mismatch(ref reader, "a string");

    /// <summary>Reads <c>object</c>: any JSON object, kept as raw JSON.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The object.</returns>
    public static JsonElement ReadObject(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Reads <c>any</c>: any JSON value except null, kept as raw JSON.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static JsonElement ReadAny(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? throw Mismatch(ref reader, "a value") : JsonElement.ParseValue(ref reader);

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
            throw Mismatch(ref reader, "an array");
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
        ExpectObject(ref reader);
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
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
        ExpectObject(ref reader);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (NextProperty(ref reader))
        {
            set.Add(reader.GetString()!);
            Advance(ref reader);
            ExpectObject(ref reader);
            reader.Skip();
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
