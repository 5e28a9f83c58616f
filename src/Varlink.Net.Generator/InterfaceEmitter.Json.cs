namespace Varlink.Generator;

/// <summary>
/// The JSON codec (one read and one write function per type, over the shared
/// <c>Varlink.Generated</c> helpers; error translation) and the JSON context (metadata through one
/// shared generic converter).
/// </summary>
internal sealed partial class InterfaceEmitter
{
    private void EmitJson(CodeWriter writer)
    {
        writer.Summary(null, $"Reads and writes the JSON of <c>{Interface}</c>'s types without reflection (strictly, unless reading leniently).");
        writer.Open($"internal static partial class {shape.CodecName}");
        Separated(writer, shape.Errors.Select(e => e.Payload), payload => EmitRecord(writer, payload, "public"));
        foreach (var record in shape.SerializableRecords)
        {
            EmitRecordCodec(writer, record);
        }

        foreach (var enumShape in shape.Enums)
        {
            EmitEnumCodec(writer, enumShape);
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

    private static string FieldNames(IEnumerable<string> names) => string.Join(", ", names.Select(CSharpNames.Literal));

    private static void EmitRecordCodec(CodeWriter writer, RecordShape record)
    {
        var id = TypeRef.CodecId(record.Path);
        var fields = "F_" + id;
        writer.Line();
        if (record.Fields.Count == 0)
        {
            writer.Line($"public static {record.Path} Read_{id}(ref _R r)");
            writer.Line("{");
            writer.Line("    _F.Empty.Skip(ref r);");
            writer.Line($"    return new {record.Path}();");
            writer.Line("}");
            writer.Line();
            writer.Line($"public static void Write(_W w, {record.Path} v) {{ w.WriteStartObject(); w.WriteEndObject(); }}");
            return;
        }

        writer.Line($"private static readonly _F {fields} = new({FieldNames(record.Fields.Select(f => (f.Type.IsNullable ? "?" : string.Empty) + f.WireName))});");
        writer.Line();
        string Zero(FieldShape f) => f.Type.IsNullable ? string.Empty : f.Type.ZeroSuffix(f.WireName);
        if (record.Fields.Count == 1)
        {
            var only = record.Fields[0];
            writer.Line($"public static {record.Path} Read_{id}(ref _R r) => new() {{ {only.PropertyName} = {fields}.ReadSingle{only.Type.TypeArgument}(ref r, {only.Type.ReadFunction(0)}){Zero(only)} }};");
            writer.Line();
            writer.Line($"public static void Write(_W w, {record.Path} v) {{ w.WriteStartObject(); {FieldWrite(only, 0)} w.WriteEndObject(); }}");
            EmitNestedCodecs(writer, record);
            return;
        }

        writer.Open($"public static {record.Path} Read_{id}(ref _R r)");
        foreach (var group in record.Fields.Select((f, i) => (f.Type.CSharp, i)).GroupBy(x => x.CSharp))
        {
            writer.Line($"{group.Key} {string.Join(", ", group.Select(x => $"f{x.i} = default!"))};");
        }

        writer.Open($"for (var c = {fields}.Start(ref r); {fields}.Next(ref r, ref c);) switch (c.Field)");
        for (var i = 0; i < record.Fields.Count; i++)
        {
            writer.Line($"case {i}: f{i} = {record.Fields[i].Type.Read("r", 0)}; break;");
        }

        writer.Close();
        writer.Line();
        var initializers = string.Join(", ", record.Fields.Select((f, i) => $"{f.PropertyName} = f{i}{Zero(f)}"));
        writer.Line($"return new {record.Path} {{ {initializers} }};");
        writer.Close();
        writer.Line();
        if (record.Fields.Count <= 3)
        {
            writer.Line($"public static void Write(_W w, {record.Path} v) {{ w.WriteStartObject(); {string.Join(" ", record.Fields.Select(FieldWrite))} w.WriteEndObject(); }}");
            EmitNestedCodecs(writer, record);
            return;
        }

        writer.Open($"public static void Write(_W w, {record.Path} v)");
        writer.Line("w.WriteStartObject();");
        for (var i = 0; i < record.Fields.Count; i++)
        {
            writer.Line(FieldWrite(record.Fields[i], i));
        }

        writer.Line("w.WriteEndObject();");
        writer.Close();
        EmitNestedCodecs(writer, record);
    }

    /// <summary>Writes field <paramref name="i"/> of <c>v</c> to <c>w</c>; absent and null mean the same in varlink, so null fields are left out.</summary>
    private static string FieldWrite(FieldShape field, int i)
    {
        var name = CSharpNames.Literal(field.WireName) + "u8";
        return field.Type.IsNullable
            ? $"if (v.{field.PropertyName} is {{ }} p{i}) {{ {field.Type.Inner!.WriteField("w", name, "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))} }}"
            : field.Type.WriteField("w", name, "v." + field.PropertyName);
    }

    private static void EmitNestedCodecs(CodeWriter writer, RecordShape record)
    {
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
        // Members are declared in the IDL's order without values: a member's value is its index.
        var id = TypeRef.CodecId(enumShape.Path);
        writer.Line();
        writer.Line($"private static readonly _F F_{id} = new({FieldNames(enumShape.Members.Select(m => m.WireName))});");
        writer.Line();
        writer.Line($"public static {enumShape.Path} Read_{id}(ref _R r) => ({enumShape.Path})F_{id}.ReadEnum(ref r);");
        writer.Line();
        writer.Line($"public static void Write(_W w, {enumShape.Path} v) => F_{id}.WriteEnum(w, (int)v);");
    }

    private void EmitContext(CodeWriter writer)
    {
        writer.Summary(null, $"JSON metadata for every type of <c>{Interface}</c>: reflection-free, trimming- and NativeAOT-safe.");
        writer.Line("/// <remarks>One property per type, named after it (error parameters are internal).</remarks>");
        writer.Open($"{Access} static partial class {shape.ContextName}");
        writer.Line("// Each type is added as its property is initialized (in order, before anyone can ask for it).");
        writer.Line("private static readonly global::Varlink.Generated.VarlinkJsonResolver Resolver = new();");
        writer.Line();
        writer.Line("/// <summary>Options whose resolver knows every type of the interface.</summary>");
        writer.Line("public static global::System.Text.Json.JsonSerializerOptions Options { get; } = new() { TypeInfoResolver = Resolver };");
        var payloads = new HashSet<RecordShape>(shape.Errors.Select(e => e.Payload));

        // Replies (and error parameters) are read leniently when the item metadata asks for it.
        var lenient = new HashSet<RecordShape>(shape.LenientReplies ? shape.Methods.Select(m => m.Reply).Concat(payloads) : []);
        foreach (var record in shape.SerializableRecords)
        {
            var id = TypeRef.CodecId(record.Path);
            writer.Line();
            var access = payloads.Contains(record) ? "internal" : "public";
            writer.Line($"{access} static _Meta.JsonTypeInfo<{record.Path}> {record.Name} {{ get; }} = Get(_C.Read_{id}, _C.Write{(lenient.Contains(record) ? ", lenient: true" : string.Empty)});");
        }

        writer.Line();
        writer.Open("private static _Meta.JsonTypeInfo<T> Get<T>(global::Varlink.Generated.VarlinkJsonReader<T> read, global::System.Action<_W, T> write, bool lenient = false)");
        writer.Line("Resolver.Add(read, write, lenient);");
        writer.Line("return (_Meta.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
        writer.Close();
        writer.Close();
    }
}
