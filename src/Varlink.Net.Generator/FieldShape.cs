namespace Varlink.Generator;

/// <summary>A field of a generated record: wire name, C# property and parameter names, type.</summary>
internal sealed class FieldShape(string wireName, string propertyName, TypeRef type, string? documentation, int line, int column)
{
    public string WireName { get; } = wireName;

    public string PropertyName { get; } = propertyName;

    /// <summary>The C# parameter name (camelCase, keywords escaped).</summary>
    public string ParameterName { get; } = CSharpNames.Camel(wireName);

    public TypeRef Type { get; } = type;

    public string? Documentation { get; } = documentation;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
