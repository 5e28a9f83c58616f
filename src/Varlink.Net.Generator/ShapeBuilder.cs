using Varlink.Idl;

namespace Varlink.Generator;

/// <summary>
/// Maps an interface definition to C# shapes: names (PascalCase properties, camelCase parameters,
/// nested <c>…Type</c> records and enums for anonymous structs and enums), and reports names that
/// would collide in the generated code.
/// </summary>
internal sealed class ShapeBuilder(InterfaceShape shape, string path, List<DiagnosticInfo> diagnostics)
{
    private static readonly HashSet<string> RecordReserved = new(StringComparer.Ordinal)
    {
        "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "MemberwiseClone", "Finalize", "Deconstruct", "Clone",
    };

    private static readonly HashSet<string> ExceptionReserved = new(StringComparer.Ordinal)
    {
        "Message", "Data", "Source", "StackTrace", "InnerException", "HelpLink", "HResult", "TargetSite", "ErrorName",
        "Parameters", "QualifiedName", "FromRemote", "GetBaseException", "GetObjectData", "GetType", "ToString", "Equals", "GetHashCode",
    };

    private readonly VarlinkInterfaceDefinition _definition = shape.Definition;

    public void Build(ISet<string> moreMethods, ISet<string> upgradeMethods)
    {
        var topLevel = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [shape.ProxyName] = "the client proxy class",
            [shape.ServiceBaseName] = "the server base class",
            [shape.ContextName] = "the JSON context class",
            [shape.CodecName] = "the JSON codec class",
            ["Options"] = "the JSON context's Options property",
        };

        foreach (var type in _definition.Types)
        {
            Claim(topLevel, type.Name, $"type '{type.Name}'", type.Line, type.Column);
            if (type.Type is VarlinkEnumType enumType)
            {
                shape.Enums.Add(BuildEnum(type.Name, type.Name, type.Documentation, $"The <c>{type.Name}</c> enum of <c>{_definition.Name}</c>.", enumType, type.Line, type.Column));
            }
            else
            {
                shape.Records.Add(BuildRecord(type.Name, type.Name, type.Documentation, $"The <c>{type.Name}</c> type of <c>{_definition.Name}</c>.", (VarlinkStructType)type.Type, type.Line, type.Column));
            }
        }

        foreach (var method in _definition.Methods)
        {
            var parametersName = method.Name + "Parameters";
            var replyName = method.Name + "Reply";
            foreach (var name in new[] { parametersName, replyName })
            {
                Claim(topLevel, name, $"method '{method.Name}'", method.Line, method.Column);
            }

            // Method messages and error parameters are named after their method or error: no summary of their own.
            var parameters = BuildRecord(parametersName, parametersName, null, string.Empty, method.Input, method.Line, method.Column);
            var reply = BuildRecord(replyName, replyName, null, string.Empty, method.Output, method.Line, method.Column);
            var kind = moreMethods.Contains(method.Name) ? MethodKind.More : upgradeMethods.Contains(method.Name) ? MethodKind.Upgrade : MethodKind.Call;
            foreach (var field in parameters.Fields)
            {
                if (field.ParameterName is "cancellationToken" or "call" || (kind == MethodKind.More && field.ParameterName == "replies"))
                {
                    Report(VarlinkDiagnostics.NameCollision, field.Line, field.Column, field.ParameterName, $"parameter '{field.WireName}' of method '{method.Name}'", "a parameter the generated handler needs");
                }
            }

            shape.Methods.Add(new MethodShape(method, kind, parameters, reply));
        }

        foreach (var error in _definition.Errors)
        {
            var exceptionName = error.Name + "Exception";
            var payloadName = error.Name + "Payload";
            Claim(topLevel, exceptionName, $"error '{error.Name}'", error.Line, error.Column);
            Claim(topLevel, payloadName, $"error '{error.Name}'", error.Line, error.Column);
            var payload = BuildRecord(payloadName, shape.CodecName + "." + payloadName, null, string.Empty, error.Parameters, error.Line, error.Column);
            var properties = new List<string>();
            var claimed = new Dictionary<string, string>(StringComparer.Ordinal) { [exceptionName] = "the exception class" };
            foreach (var field in payload.Fields)
            {
                var property = ExceptionReserved.Contains(field.PropertyName) ? field.PropertyName + "Value" : field.PropertyName;
                Claim(claimed, property, $"parameter '{field.WireName}' of error '{error.Name}'", field.Line, field.Column);
                properties.Add(property);
            }

            shape.Errors.Add(new ErrorShape(error, exceptionName, payload, properties));
        }
    }

    private RecordShape BuildRecord(string name, string recordPath, string? documentation, string fallbackXml, VarlinkStructType type, int line, int column)
    {
        var record = new RecordShape(name, recordPath, documentation, fallbackXml, line, column);
        var members = new Dictionary<string, string>(StringComparer.Ordinal) { [name] = $"the record '{recordPath}'" };
        foreach (var field in type.Fields)
        {
            var pascal = CSharpNames.Pascal(field.Name);
            var property = pascal == name || RecordReserved.Contains(pascal) ? pascal + "Value" : pascal;
            var what = $"field '{field.Name}' of '{recordPath}'";
            Claim(members, property, what, field.Line, field.Column);
            var typeRef = Map(field.Type, record, pascal + "Type", members, field);
            record.Fields.Add(new FieldShape(field.Name, property, typeRef, field.Documentation, field.Line, field.Column));
        }

        return record;
    }

    private EnumShape BuildEnum(string name, string enumPath, string? documentation, string fallbackXml, VarlinkEnumType type, int line, int column)
    {
        var result = new EnumShape(name, enumPath, documentation, fallbackXml);
        var members = new Dictionary<string, string>(StringComparer.Ordinal) { [name] = $"the enum '{enumPath}'" };
        foreach (var member in type.Members)
        {
            var pascal = CSharpNames.Pascal(member.Name);
            var csharp = pascal == name ? pascal + "Value" : pascal;
            Claim(members, csharp, $"member '{member.Name}' of enum '{enumPath}'", member.Line == 0 ? line : member.Line, member.Line == 0 ? column : member.Column);
            result.Members.Add((member.Name, csharp, member.Documentation));
        }

        return result;
    }

    private TypeRef Map(VarlinkType type, RecordShape owner, string nestedName, Dictionary<string, string> ownerMembers, VarlinkField field)
    {
        switch (type)
        {
            case VarlinkPrimitiveType primitive:
                return new TypeRef(primitive.Kind switch
                {
                    VarlinkPrimitiveKind.Bool => TypeRefKind.Bool,
                    VarlinkPrimitiveKind.Int => TypeRefKind.Int,
                    VarlinkPrimitiveKind.Float => TypeRefKind.Float,
                    VarlinkPrimitiveKind.String => TypeRefKind.String,
                    VarlinkPrimitiveKind.Object => TypeRefKind.Object,
                    _ => TypeRefKind.Any,
                });
            case VarlinkNamedType named:
                return new TypeRef(_definition.FindType(named.Name)?.Type is VarlinkEnumType ? TypeRefKind.Enum : TypeRefKind.Record, named.Name);
            case VarlinkNullableType nullable:
                return new TypeRef(TypeRefKind.Nullable, inner: Map(nullable.Inner, owner, nestedName, ownerMembers, field));
            case VarlinkArrayType array:
                return new TypeRef(TypeRefKind.List, inner: Map(array.Element, owner, nestedName, ownerMembers, field));
            case VarlinkMapType map:
                return map.IsSet ? new TypeRef(TypeRefKind.Set) : new TypeRef(TypeRefKind.Map, inner: Map(map.Value, owner, nestedName, ownerMembers, field));
            case VarlinkEnumType enumType:
                Claim(ownerMembers, nestedName, $"the anonymous enum of field '{field.Name}' in '{owner.Path}'", field.Line, field.Column);
                var nestedEnum = BuildEnum(nestedName, owner.Path + "." + nestedName, null, $"The values of the <c>{field.Name}</c> field.", enumType, field.Line, field.Column);
                owner.NestedEnums.Add(nestedEnum);
                return new TypeRef(TypeRefKind.Enum, nestedEnum.Path);
            default:
                Claim(ownerMembers, nestedName, $"the anonymous struct of field '{field.Name}' in '{owner.Path}'", field.Line, field.Column);
                var nestedRecord = BuildRecord(nestedName, owner.Path + "." + nestedName, null, $"The value of the <c>{field.Name}</c> field.", (VarlinkStructType)type, field.Line, field.Column);
                owner.NestedRecords.Add(nestedRecord);
                return new TypeRef(TypeRefKind.Record, nestedRecord.Path);
        }
    }

    private void Claim(Dictionary<string, string> claimed, string name, string what, int line, int column)
    {
        if (claimed.TryGetValue(name, out var owner))
        {
            Report(VarlinkDiagnostics.NameCollision, line, column, name, what, owner);
            return;
        }

        claimed.Add(name, what);
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, int line, int column, params string[] arguments) =>
        diagnostics.Add(DiagnosticInfo.Create(descriptor, path, line, column, arguments));
}
