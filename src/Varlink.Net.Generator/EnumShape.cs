namespace Varlink.Generator;

/// <summary>A generated C# enum: its path and members (wire name, C# name, documentation).</summary>
internal sealed class EnumShape(string name, string path, string? documentation, string fallbackXml)
{
    public string Name { get; } = name;

    public string Path { get; } = path;

    public string? Documentation { get; } = documentation;

    /// <summary>The XML summary to use when the IDL has no documentation.</summary>
    public string FallbackXml { get; } = fallbackXml;

    public List<(string WireName, string Name, string? Documentation)> Members { get; } = [];
}
