namespace Varlink.Generator;

/// <summary>
/// A varlink type as the generated code sees it: its C# type, and the code that reads and writes it
/// with the helpers in <c>Varlink.Generated</c> (through the aliases every generated file declares:
/// <c>_J</c> VarlinkJson, <c>_V</c> VarlinkJsonWrite, <c>_R</c>/<c>_W</c> the JSON reader and writer,
/// <c>_G</c> System.Collections.Generic). The codec's write functions are all named <c>Write</c>,
/// overloaded by type.
/// </summary>
internal sealed class TypeRef(TypeRefKind kind, string? path = null, TypeRef? inner = null)
{
    public TypeRefKind Kind { get; } = kind;

    /// <summary>For records and enums: the namespace-relative C# name (<c>MyType.EnumType</c>).</summary>
    public string? Path { get; } = path;

    public TypeRef? Inner { get; } = inner;

    public bool IsNullable => Kind == TypeRefKind.Nullable;

    public bool IsValueType => Kind is TypeRefKind.Bool or TypeRefKind.Int or TypeRefKind.Float or TypeRefKind.Object or TypeRefKind.Any or TypeRefKind.Enum;

    public string CSharp => Kind switch
    {
        TypeRefKind.Bool => "bool",
        TypeRefKind.Int => "long",
        TypeRefKind.Float => "double",
        TypeRefKind.String => "string",
        TypeRefKind.Object or TypeRefKind.Any => "global::System.Text.Json.JsonElement",
        TypeRefKind.Record or TypeRefKind.Enum => Path!,
        TypeRefKind.List => $"_G.IReadOnlyList<{Inner!.CSharp}>",
        TypeRefKind.Map => $"_G.IReadOnlyDictionary<string, {Inner!.CSharp}>",
        TypeRefKind.Set => "_G.IReadOnlySet<string>",
        _ => Inner!.CSharp + "?",
    };

    public static string CodecId(string path) => path.Replace('.', '_');

    private static string Depth(int depth) => depth.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A <c>VarlinkJsonReader&lt;T&gt;</c> for this type: a method group, or a static lambda.</summary>
    public string ReadFunction(int depth) => Kind switch
    {
        TypeRefKind.Bool => "_J.ReadBoolean",
        TypeRefKind.Int => "_J.ReadInt64",
        TypeRefKind.Float => "_J.ReadDouble",
        TypeRefKind.String => "_J.ReadString",
        TypeRefKind.Object => "_J.ReadObject",
        TypeRefKind.Any => "_J.ReadAny",
        TypeRefKind.Set => "_J.ReadSet",
        TypeRefKind.Record or TypeRefKind.Enum => "Read_" + CodecId(Path!),
        _ => $"static (ref _R r{Depth(depth)}) => {Read("r" + Depth(depth), depth)}",
    };

    /// <summary>An expression reading this type from <paramref name="reader"/> (a <c>ref</c> local or parameter), in the codec class.</summary>
    public string Read(string reader, int depth) => Kind switch
    {
        TypeRefKind.List => $"_J.ReadList{Inner!.TypeArgument}(ref {reader}, {Inner.ReadFunction(depth + 1)})",
        TypeRefKind.Map => $"_J.ReadMap{Inner!.TypeArgument}(ref {reader}, {Inner.ReadFunction(depth + 1)})",
        TypeRefKind.Nullable => $"{reader}.TokenType == global::System.Text.Json.JsonTokenType.Null ? null : {Inner!.Read(reader, depth)}",
        _ => $"{ReadFunction(depth)}(ref {reader})",
    };

    /// <summary>
    /// What a required field of this type that was absent (or, leniently, null) becomes: appended to
    /// its local as <c>?? zero</c>; empty for value types, whose default is their zero. A missing
    /// field fails before this unless reading leniently.
    /// </summary>
    public string ZeroSuffix(string wireName) => Kind switch
    {
        TypeRefKind.String => " ?? \"\"",
        TypeRefKind.List => " ?? []",
        TypeRefKind.Map => $" ?? _J.EmptyMap<{Inner!.CSharp}>()",
        TypeRefKind.Set => " ?? _J.EmptySet",
        TypeRefKind.Record => $" ?? _J.MissingStruct<{Path}>({CSharpNames.Literal(wireName)}, Read_{CodecId(Path!)})",
        _ => string.Empty,
    };

    /// <summary>
    /// The type argument a generic reader of this type needs: none when it is inferred from the
    /// reading function; explicit for nullable types, whose reading lambda has no type of its own.
    /// </summary>
    public string TypeArgument => IsNullable ? $"<{CSharp}>" : string.Empty;

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> for this type: a method group, or a static lambda.</summary>
    private string WriteFunction(int depth) => Kind switch
    {
        TypeRefKind.Bool => "_V.Boolean",
        TypeRefKind.Int => "_V.Int64",
        TypeRefKind.Float => "_V.Double",
        TypeRefKind.String => "_V.String",
        TypeRefKind.Object or TypeRefKind.Any => "_J.WriteElement",
        TypeRefKind.Set => "_J.WriteSet",
        TypeRefKind.Record or TypeRefKind.Enum => "Write",
        _ => $"static (w{Depth(depth)}, v{Depth(depth)}) => {{ {Write("w" + Depth(depth), "v" + Depth(depth), depth)} }}",
    };

    /// <summary>A statement writing <paramref name="value"/> of this type to <paramref name="writer"/>, in the codec class.</summary>
    public string Write(string writer, string value, int depth) => Kind switch
    {
        TypeRefKind.Bool => $"{writer}.WriteBooleanValue({value});",
        TypeRefKind.Int or TypeRefKind.Float => $"{writer}.WriteNumberValue({value});",
        TypeRefKind.String => $"{writer}.WriteStringValue({value});",
        TypeRefKind.List => $"_J.WriteList({writer}, {value}, {Inner!.WriteFunction(depth + 1)});",
        TypeRefKind.Map => $"_J.WriteMap({writer}, {value}, {Inner!.WriteFunction(depth + 1)});",
        TypeRefKind.Nullable => $"if ({value} is {{ }} x{Depth(depth)}) {{ {Inner!.Write(writer, "x" + Depth(depth), depth + 1)} }} else {{ {writer}.WriteNullValue(); }}",
        _ => $"{WriteFunction(depth)}({writer}, {value});",
    };

    /// <summary>A statement writing a required field: its name (<paramref name="name"/>, a UTF-8 literal) and value.</summary>
    public string WriteField(string writer, string name, string value) => Kind switch
    {
        TypeRefKind.Bool => $"{writer}.WriteBoolean({name}, {value});",
        TypeRefKind.Int or TypeRefKind.Float => $"{writer}.WriteNumber({name}, {value});",
        TypeRefKind.String => $"{writer}.WriteString({name}, {value});",
        _ => $"{writer}.WritePropertyName({name}); {Write(writer, value, 0)}",
    };
}
