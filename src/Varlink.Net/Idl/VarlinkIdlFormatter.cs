using System.Text;

namespace Varlink.Idl;

/// <summary>
/// Writes canonical IDL text: doc comments as <c># text</c> lines above what they document, one blank
/// line between declarations, two-space indentation, and a declaration on one line when it has no doc
/// comments inside and fits in <see cref="MaxLineLength"/> columns (otherwise one field per line).
/// The layout depends only on the model, so formatting is stable.
/// </summary>
internal static class VarlinkIdlFormatter
{
    private const int MaxLineLength = 80;
    private const string Indent = "  ";

    public static string Format(VarlinkInterfaceDefinition definition)
    {
        var builder = new StringBuilder();
        WriteDoc(builder, definition.Documentation, string.Empty);
        builder.Append("interface ").Append(definition.Name).Append('\n');
        foreach (var member in definition.Members)
        {
            foreach (var block in member.DetachedComments)
            {
                builder.Append('\n');
                WriteDoc(builder, block, string.Empty);
            }

            builder.Append('\n');
            WriteDoc(builder, member.Documentation, string.Empty);
            WriteMember(builder, member);
            builder.Append('\n');
        }

        foreach (var block in definition.TrailingComments)
        {
            builder.Append('\n');
            WriteDoc(builder, block, string.Empty);
        }

        return builder.ToString();
    }

    public static string FormatTypeInline(VarlinkType type)
    {
        var builder = new StringBuilder();
        WriteType(builder, type, string.Empty, Layout.Inline);
        return builder.ToString();
    }

    private static void WriteMember(StringBuilder builder, VarlinkMember member)
    {
        switch (member)
        {
            case VarlinkTypeDefinition type:
                WriteHeadedType(builder, "type " + type.Name + " ", type.Type);
                break;
            case VarlinkError error:
                WriteHeadedType(builder, "error " + error.Name + " ", error.Parameters);
                break;
            case VarlinkMethod method:
                WriteMethod(builder, method);
                break;
        }
    }

    private static void WriteHeadedType(StringBuilder builder, string head, VarlinkType type)
    {
        builder.Append(head);
        var inline = !HasDocs(type) && head.Length + FormatTypeInline(type).Length <= MaxLineLength;
        WriteType(builder, type, string.Empty, inline ? Layout.Inline : Layout.Multiline);
    }

    private static void WriteMethod(StringBuilder builder, VarlinkMethod method)
    {
        var head = "method " + method.Name;
        var input = FormatTypeInline(method.Input);
        var output = FormatTypeInline(method.Output);
        var inputInline = !HasDocs(method.Input) && head.Length + input.Length + " -> (".Length <= MaxLineLength;
        var outputLineStart = inputInline ? head.Length + input.Length : 1;
        var outputInline = !HasDocs(method.Output) && outputLineStart + " -> ".Length + output.Length <= MaxLineLength;
        builder.Append(head);
        WriteType(builder, method.Input, string.Empty, inputInline ? Layout.Inline : Layout.Multiline);
        builder.Append(" -> ");
        WriteType(builder, method.Output, string.Empty, outputInline ? Layout.Inline : Layout.Multiline);
    }

    private enum Layout
    {
        /// <summary>On one line, doc comments dropped.</summary>
        Inline,

        /// <summary>One field or member per line.</summary>
        Multiline,

        /// <summary>Multiline when doc comments are inside, else inline.</summary>
        Auto,
    }

    /// <summary>Writes a type; nested structs and enums go on several lines only when they carry doc comments.</summary>
    private static void WriteType(StringBuilder builder, VarlinkType type, string indent, Layout layout)
    {
        switch (type)
        {
            case VarlinkPrimitiveType primitive:
                builder.Append(primitive.Keyword);
                break;
            case VarlinkNamedType named:
                builder.Append(named.Name);
                break;
            case VarlinkNullableType nullable:
                builder.Append('?');
                WriteType(builder, nullable.Inner, indent, layout);
                break;
            case VarlinkArrayType array:
                builder.Append("[]");
                WriteType(builder, array.Element, indent, layout);
                break;
            case VarlinkMapType map:
                builder.Append("[string]");
                WriteType(builder, map.Value, indent, layout);
                break;
            case VarlinkStructType structType:
                WriteStruct(builder, structType, indent, layout == Layout.Inline || (layout == Layout.Auto && !HasDocs(structType)));
                break;
            case VarlinkEnumType enumType:
                WriteEnum(builder, enumType, indent, layout == Layout.Inline || (layout == Layout.Auto && !HasDocs(enumType)));
                break;
        }
    }

    private static void WriteStruct(StringBuilder builder, VarlinkStructType type, string indent, bool inline) =>
        WriteList(builder, type.Fields, indent, inline, field => field.Documentation, (field, inner) =>
        {
            builder.Append(field.Name).Append(": ");
            WriteType(builder, field.Type, inner, inline ? Layout.Inline : Layout.Auto);
        });

    private static void WriteEnum(StringBuilder builder, VarlinkEnumType type, string indent, bool inline) =>
        WriteList(builder, type.Members, indent, inline, member => member.Documentation, (member, _) => builder.Append(member.Name));

    /// <summary>Writes <c>(a, b)</c> on one line, or one item per line with its doc comment above it.</summary>
    private static void WriteList<T>(
        StringBuilder builder,
        IReadOnlyList<T> items,
        string indent,
        bool inline,
        Func<T, string?> documentation,
        Action<T, string> writeItem)
    {
        builder.Append('(');
        var inner = indent + Indent;
        for (var i = 0; i < items.Count; i++)
        {
            if (inline)
            {
                builder.Append(i == 0 ? string.Empty : ", ");
            }
            else
            {
                builder.Append(i == 0 ? "\n" : ",\n");
                WriteDoc(builder, documentation(items[i]), inner);
                builder.Append(inner);
            }

            writeItem(items[i], inner);
        }

        if (!inline && items.Count > 0)
        {
            builder.Append('\n').Append(indent);
        }

        builder.Append(')');
    }

    private static void WriteDoc(StringBuilder builder, string? doc, string indent)
    {
        if (doc is null)
        {
            return;
        }

        foreach (var line in doc.Split('\n'))
        {
            builder.Append(indent).Append('#');
            if (line.Length > 0)
            {
                builder.Append(' ').Append(line);
            }

            builder.Append('\n');
        }
    }

    private static bool HasDocs(VarlinkType type) => type switch
    {
        VarlinkNullableType nullable => HasDocs(nullable.Inner),
        VarlinkArrayType array => HasDocs(array.Element),
        VarlinkMapType map => HasDocs(map.Value),
        VarlinkStructType structType => structType.Fields.Any(f => f.Documentation is not null || HasDocs(f.Type)),
        VarlinkEnumType enumType => enumType.Members.Any(m => m.Documentation is not null),
        _ => false,
    };
}
