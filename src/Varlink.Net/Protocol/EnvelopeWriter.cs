using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>
/// Writes call and reply envelopes with a <see cref="Utf8JsonWriter"/> that sits on the output pipe.
/// Only keys that carry information are written: no false flags, no null parameters.
/// </summary>
internal static class EnvelopeWriter
{
    public static void WriteCall<T>(Utf8JsonWriter writer, string method, CallFlags flags, T parameters, JsonTypeInfo<T>? typeInfo)
    {
        writer.WriteStartObject();
        writer.WriteString("method"u8, method);
        WriteParameters(writer, parameters, typeInfo);
        if ((flags & CallFlags.More) != 0)
        {
            writer.WriteBoolean("more"u8, true);
        }

        if ((flags & CallFlags.Oneway) != 0)
        {
            writer.WriteBoolean("oneway"u8, true);
        }

        if ((flags & CallFlags.Upgrade) != 0)
        {
            writer.WriteBoolean("upgrade"u8, true);
        }

        writer.WriteEndObject();
    }

    public static void WriteReply<T>(Utf8JsonWriter writer, T parameters, JsonTypeInfo<T>? typeInfo, bool continues)
    {
        writer.WriteStartObject();
        WriteParameters(writer, parameters, typeInfo);
        if (continues)
        {
            writer.WriteBoolean("continues"u8, true);
        }

        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, string error, JsonElement parameters)
    {
        writer.WriteStartObject();
        writer.WriteString("error"u8, error);
        if (parameters.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName("parameters"u8);
            parameters.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteParameters<T>(Utf8JsonWriter writer, T parameters, JsonTypeInfo<T>? typeInfo)
    {
        if (typeInfo is null)
        {
            return;
        }

        if (parameters is JsonElement element)
        {
            // Untyped: an object is written as it is; undefined or null means "no parameters".
            if (element.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("parameters"u8);
                element.WriteTo(writer);
            }
            else if (element.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw new ArgumentException("Varlink parameters must be a JSON object.", nameof(parameters));
            }

            return;
        }

        if (parameters is null)
        {
            return;
        }

        writer.WritePropertyName("parameters"u8);
        JsonSerializer.Serialize(writer, parameters, typeInfo);
    }
}
