namespace Varlink.Generator;

/// <summary>
/// A varlink type as the generated code sees it: its C# type, and the code that reads and writes it
/// with the strict helpers in <c>Varlink.Generated.VarlinkJson</c>.
/// </summary>
internal sealed class TypeRef(TypeRefKind kind, string? path = null, TypeRef? inner = null)
{
    private const string Json = "global::Varlink.Generated.VarlinkJson";
    private const string ReaderType = "global::System.Text.Json.Utf8JsonReader";

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
        TypeRefKind.List => $"global::System.Collections.Generic.IReadOnlyList<{Inner!.CSharp}>",
        TypeRefKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<string, {Inner!.CSharp}>",
        TypeRefKind.Set => "global::System.Collections.Generic.IReadOnlySet<string>",
        _ => Inner!.CSharp + "?",
    };

    public static string CodecId(string path) => path.Replace('.', '_');

    /// <summary>An expression reading this type from <paramref name="reader"/> (a <c>ref</c> local or parameter).</summary>
    public string Read(string codec, string reader, int depth)
    {
        var next = "r" + (depth + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Kind switch
        {
            TypeRefKind.Bool => $"{Json}.ReadBoolean(ref {reader})",
            TypeRefKind.Int => $"{Json}.ReadInt64(ref {reader})",
            TypeRefKind.Float => $"{Json}.ReadDouble(ref {reader})",
            TypeRefKind.String => $"{Json}.ReadString(ref {reader})",
            TypeRefKind.Object => $"{Json}.ReadObject(ref {reader})",
            TypeRefKind.Any => $"{Json}.ReadAny(ref {reader})",
            TypeRefKind.Record or TypeRefKind.Enum => $"{codec}.Read_{CodecId(Path!)}(ref {reader})",
            TypeRefKind.List => $"{Json}.ReadList<{Inner!.CSharp}>(ref {reader}, static (ref {ReaderType} {next}) => {Inner.Read(codec, next, depth + 1)})",
            TypeRefKind.Map => $"{Json}.ReadMap<{Inner!.CSharp}>(ref {reader}, static (ref {ReaderType} {next}) => {Inner.Read(codec, next, depth + 1)})",
            TypeRefKind.Set => $"{Json}.ReadSet(ref {reader})",
            _ => $"{reader}.TokenType == global::System.Text.Json.JsonTokenType.Null ? null : {Inner!.Read(codec, reader, depth)}",
        };
    }

    /// <summary>
    /// An expression for a required field of this type that is absent: its zero value when reading
    /// leniently, otherwise it throws (see <c>VarlinkJson.MissingField</c>).
    /// </summary>
    public string Missing(string codec, string wireName) => Kind switch
    {
        TypeRefKind.Record => $"{Json}.MissingStruct<{Path}>({wireName}, {codec}.Read_{CodecId(Path!)})",
        _ => $"{Json}.MissingField<{CSharp}>({wireName}, {Zero})",
    };

    /// <summary>The zero value (what an absent field means when reading leniently); not for records.</summary>
    private string Zero => Kind switch
    {
        TypeRefKind.Bool => "false",
        TypeRefKind.Int or TypeRefKind.Float or TypeRefKind.Object or TypeRefKind.Any or TypeRefKind.Enum or TypeRefKind.Nullable => "default",
        TypeRefKind.String => "\"\"",
        TypeRefKind.List => "[]",
        TypeRefKind.Map => $"{Json}.EmptyMap<{Inner!.CSharp}>()",
        _ => $"{Json}.EmptySet",
    };

    /// <summary>A statement writing <paramref name="value"/> of this type to <paramref name="writer"/>.</summary>
    public string Write(string codec, string writer, string value, int depth)
    {
        var suffix = (depth + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nextWriter = "w" + suffix;
        var item = "item" + suffix;
        return Kind switch
        {
            TypeRefKind.Bool => $"{writer}.WriteBooleanValue({value});",
            TypeRefKind.Int or TypeRefKind.Float => $"{writer}.WriteNumberValue({value});",
            TypeRefKind.String => $"{writer}.WriteStringValue({value});",
            TypeRefKind.Object or TypeRefKind.Any => $"{Json}.WriteElement({writer}, {value});",
            TypeRefKind.Record or TypeRefKind.Enum => $"{codec}.Write_{CodecId(Path!)}({writer}, {value});",
            TypeRefKind.List => $"{Json}.WriteList<{Inner!.CSharp}>({writer}, {value}, static ({nextWriter}, {item}) => {{ {Inner.Write(codec, nextWriter, item, depth + 1)} }});",
            TypeRefKind.Map => $"{Json}.WriteMap<{Inner!.CSharp}>({writer}, {value}, static ({nextWriter}, {item}) => {{ {Inner.Write(codec, nextWriter, item, depth + 1)} }});",
            TypeRefKind.Set => $"{Json}.WriteSet({writer}, {value});",
            _ => $"if ({value} is null) {{ {writer}.WriteNullValue(); }} else {{ {Inner!.Write(codec, writer, Inner.IsValueType ? value + ".Value" : value, depth)} }}",
        };
    }
}
