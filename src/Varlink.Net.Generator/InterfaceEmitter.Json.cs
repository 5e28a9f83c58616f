namespace Varlink.Generator;

/// <summary>The JSON codec (readers, writers, converters, error translation) and the JSON context.</summary>
internal sealed partial class InterfaceEmitter
{
    private void EmitJson(CodeWriter writer)
    {
        writer.Summary(null, $"Reads and writes the JSON of <c>{Interface}</c>'s types, strictly and without reflection.");
        writer.Open($"internal static partial class {shape.CodecName}");
        Separated(writer, shape.Errors.Select(e => e.Payload), payload => EmitRecord(writer, payload, "public"));
        foreach (var record in shape.Records.Concat(shape.Methods.SelectMany(m => new[] { m.Parameters, m.Reply })).Concat(shape.Errors.Select(e => e.Payload)))
        {
            EmitRecordCodec(writer, record);
        }

        foreach (var enumShape in shape.Enums)
        {
            EmitEnumCodec(writer, enumShape);
        }

        foreach (var record in shape.SerializableRecords)
        {
            var id = TypeRef.CodecId(record.Path);
            writer.Line();
            writer.Open($"internal sealed class {id}_Converter : global::System.Text.Json.Serialization.JsonConverter<{record.Path}>");
            writer.Line($"public override {record.Path} Read(ref {ReaderType} reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => Read_{id}(ref reader);");
            writer.Line();
            writer.Line($"public override void Write({WriterType} writer, {record.Path} value, global::System.Text.Json.JsonSerializerOptions options) => Write_{id}(writer, value);");
            writer.Close();
        }

        writer.Line();
        writer.Line("/// <summary>The typed exception for an error reply of this interface, or null (then the untyped one stands).</summary>");
        writer.Open("internal static global::Varlink.VarlinkRemoteException? TranslateError(global::Varlink.VarlinkRemoteException error)");
        if (shape.Errors.Count == 0)
        {
            writer.Line("return null;");
        }
        else
        {
            writer.Open("try");
            writer.Open("return error.ErrorName switch");
            foreach (var error in shape.Errors)
            {
                writer.Line($"{error.ExceptionName}.QualifiedName => {error.ExceptionName}.FromRemote(error),");
            }

            writer.Line("_ => null,");
            writer.Close("};");
            writer.Close();
            writer.Open("catch (global::System.Text.Json.JsonException)");
            writer.Line("return null;");
            writer.Close();
        }

        writer.Close();
        writer.Close();
        writer.Line();
        EmitContext(writer);
    }

    private void EmitRecordCodec(CodeWriter writer, RecordShape record)
    {
        var id = TypeRef.CodecId(record.Path);
        writer.Line();
        writer.Open($"public static {record.Path} Read_{id}(ref {ReaderType} reader)");
        writer.Line($"var open = {Json}.ExpectObject(ref reader);");
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var field = record.Fields[i];
            writer.Line($"{field.Type.CSharp} f{i} = default!;");
            if (!field.Type.IsNullable)
            {
                writer.Line($"var has{i} = false;");
            }
        }

        writer.Open($"while (open && {Json}.NextProperty(ref reader))");
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var field = record.Fields[i];
            writer.Open($"{(i == 0 ? string.Empty : "else ")}if (reader.ValueTextEquals({CSharpNames.Literal(field.WireName)}u8))");
            writer.Line($"{Json}.Advance(ref reader);");
            writer.Line($"f{i} = {field.Type.Read(shape.CodecName, "reader", 0)};");
            if (!field.Type.IsNullable)
            {
                writer.Line($"has{i} = true;");
            }

            writer.Close();
        }

        if (record.Fields.Count > 0)
        {
            writer.Open("else");
        }

        writer.Line($"{Json}.SkipProperty(ref reader);");
        if (record.Fields.Count > 0)
        {
            writer.Close();
        }

        writer.Close();
        for (var i = 0; i < record.Fields.Count; i++)
        {
            if (!record.Fields[i].Type.IsNullable)
            {
                writer.Open($"if (!has{i})");
                writer.Line($"f{i} = {record.Fields[i].Type.Missing(shape.CodecName, CSharpNames.Literal(record.Fields[i].WireName))};");
                writer.Close();
            }
        }

        var initializers = string.Join(", ", record.Fields.Select((f, i) => $"{f.PropertyName} = f{i}"));
        writer.Line(record.Fields.Count == 0 ? $"return new {record.Path}();" : $"return new {record.Path} {{ {initializers} }};");
        writer.Close();
        writer.Line();
        writer.Open($"public static void Write_{id}({WriterType} writer, {record.Path} value)");
        writer.Line("writer.WriteStartObject();");
        foreach (var field in record.Fields)
        {
            var value = "value." + field.PropertyName;
            var name = $"writer.WritePropertyName({CSharpNames.Literal(field.WireName)}u8);";
            if (field.Type.IsNullable)
            {
                // Absent and null mean the same in varlink; null fields are left out.
                var inner = field.Type.Inner!;
                writer.Open($"if ({value} is not null)");
                writer.Line(name);
                writer.Line(inner.Write(shape.CodecName, "writer", inner.IsValueType ? value + ".Value" : value, 0));
                writer.Close();
            }
            else
            {
                writer.Line(name);
                writer.Line(field.Type.Write(shape.CodecName, "writer", value, 0));
            }
        }

        writer.Line("writer.WriteEndObject();");
        writer.Close();
        foreach (var nested in record.NestedEnums)
        {
            EmitEnumCodec(writer, nested);
        }

        foreach (var nested in record.NestedRecords)
        {
            EmitRecordCodec(writer, nested);
        }
    }

    private static void EmitEnumCodec(CodeWriter writer, EnumShape enumShape)
    {
        var id = TypeRef.CodecId(enumShape.Path);
        writer.Line();
        writer.Open($"public static {enumShape.Path} Read_{id}(ref {ReaderType} reader)");
        writer.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)");
        foreach (var member in enumShape.Members)
        {
            writer.Open($"if (reader.ValueTextEquals({CSharpNames.Literal(member.WireName)}u8))");
            writer.Line($"return {enumShape.Path}.{member.Name};");
            writer.Close();
        }

        writer.Close();
        writer.Open($"if ({Json}.IsLenientNull(ref reader))");
        writer.Line("return default;");
        writer.Close();
        writer.Line($"throw {Json}.UnknownEnumValue(ref reader);");
        writer.Close();
        writer.Line();
        writer.Open($"public static void Write_{id}({WriterType} writer, {enumShape.Path} value)");
        writer.Open("writer.WriteStringValue(value switch");
        foreach (var member in enumShape.Members)
        {
            writer.Line($"{enumShape.Path}.{member.Name} => {CSharpNames.Literal(member.WireName)},");
        }

        writer.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, null),");
        writer.Close("});");
        writer.Close();
    }

    private void EmitContext(CodeWriter writer)
    {
        writer.Summary(null, $"JSON metadata for every type of <c>{Interface}</c>: reflection-free, trimming- and NativeAOT-safe.");
        writer.Open($"{Access} static partial class {shape.ContextName}");
        writer.Line("/// <summary>Options whose resolver knows every type of the interface.</summary>");
        writer.Line("public static global::System.Text.Json.JsonSerializerOptions Options { get; } = new() { TypeInfoResolver = new Resolver() };");
        var payloads = new HashSet<RecordShape>(shape.Errors.Select(e => e.Payload));
        foreach (var record in shape.SerializableRecords)
        {
            writer.Line();
            writer.Line($"/// <summary>Metadata for <c>{record.Name}</c>.</summary>");
            var access = payloads.Contains(record) ? "internal" : "public";
            writer.Line($"{access} static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{record.Path}> {record.Name} {{ get; }} = Get<{record.Path}>();");
        }

        writer.Line();
        writer.Line("private static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Get<T>() =>");
        writer.Line("    (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
        writer.Line();
        writer.Open("private sealed class Resolver : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        writer.Open("public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options)");
        foreach (var record in shape.SerializableRecords)
        {
            writer.Open($"if (type == typeof({record.Path}))");
            writer.Line($"return {Json}.CreateTypeInfo(options, new {shape.CodecName}.{TypeRef.CodecId(record.Path)}_Converter());");
            writer.Close();
        }

        writer.Line("return null;");
        writer.Close();
        writer.Close();
        writer.Close();
    }
}
