using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Podman.Server.Service;

/// <summary>
/// podman's kube YAML as JSON documents (GenerateKube sends JSON strings): read with YamlDotNet's
/// event parser, plain scalars typed as YAML 1.2's core schema does (true/false, null, numbers),
/// quoted ones kept as strings.
/// </summary>
internal static class KubeYaml
{
    /// <summary>Each YAML document of <paramref name="yaml"/> as JSON text, in order.</summary>
    public static List<string> ToJsonDocuments(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        List<string> documents = [];
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (parser.Accept<DocumentEnd>(out _))
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WriteNode(parser, writer);
                }
            }

            parser.Consume<DocumentEnd>();
            documents.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        parser.Consume<StreamEnd>();
        return documents;
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            WriteScalar(writer, scalar);
        }
        else if (parser.TryConsume<MappingStart>(out _))
        {
            writer.WriteStartObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                writer.WritePropertyName(parser.Consume<Scalar>().Value);
                WriteNode(parser, writer);
            }

            writer.WriteEndObject();
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            writer.WriteStartArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                WriteNode(parser, writer);
            }

            writer.WriteEndArray();
        }
        else
        {
            throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, $"unexpected YAML node {parser.Current?.GetType().Name} (anchors and aliases are not used by podman)");
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(value);
        }
        else if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value[0] is 't' or 'T');
        }
        else if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (value.Any(char.IsDigit) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
