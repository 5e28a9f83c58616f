namespace Varlink.Generator;

/// <summary>A generated record (a varlink struct): its C# path, fields and nested anonymous types.</summary>
internal sealed class RecordShape(string name, string path, string? documentation, string fallbackXml, int line, int column)
{
    public string Name { get; } = name;

    /// <summary>The namespace-relative C# name, for example <c>MyType.StructType</c>.</summary>
    public string Path { get; } = path;

    public string? Documentation { get; } = documentation;

    /// <summary>The XML summary to use when the IDL has no documentation.</summary>
    public string FallbackXml { get; } = fallbackXml;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public List<FieldShape> Fields { get; } = [];

    public List<RecordShape> NestedRecords { get; } = [];

    public List<EnumShape> NestedEnums { get; } = [];
}
