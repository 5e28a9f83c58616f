namespace Varlink.Generator;

/// <summary>Records, enums and exceptions.</summary>
internal sealed partial class InterfaceEmitter
{
    private void EmitTypes(CodeWriter writer)
    {
        Separated(writer, shape.Enums, e => EmitEnum(writer, e, Access));
        if (shape.Enums.Count > 0)
        {
            writer.Line();
        }

        Separated(writer, shape.Records.Concat(shape.Methods.SelectMany(m => new[] { m.Parameters, m.Reply })), r => EmitRecord(writer, r, Access));
    }

    private static void EmitRecord(CodeWriter writer, RecordShape record, string access)
    {
        if (record.Documentation is not null || record.FallbackXml.Length > 0)
        {
            writer.Summary(record.Documentation, record.FallbackXml);
        }

        writer.Open($"{access} sealed partial record {record.Name}");
        Separated(writer, record.Fields, field =>
        {
            writer.OptionalSummary(field.Documentation);
            writer.Line($"public {(field.Type.IsNullable ? string.Empty : "required ")}{field.Type.CSharp} {field.PropertyName} {{ get; init; }}");
        });
        foreach (var nested in record.NestedEnums)
        {
            writer.Line();
            EmitEnum(writer, nested, "public");
        }

        foreach (var nested in record.NestedRecords)
        {
            writer.Line();
            EmitRecord(writer, nested, "public");
        }

        writer.Close();
    }

    private static void EmitEnum(CodeWriter writer, EnumShape shape, string access)
    {
        writer.Summary(shape.Documentation, shape.FallbackXml);
        writer.Open($"{access} enum {shape.Name}");
        Separated(writer, shape.Members, member =>
        {
            writer.OptionalSummary(member.Documentation);
            writer.Line(member.Name + ",");
        });
        writer.Close();
    }

    private void EmitErrors(CodeWriter writer)
    {
        Separated(writer, shape.Errors, error =>
        {
            var qualified = Interface + "." + error.Error.Name;
            var payload = error.Payload;
            writer.Summary(error.Error.Documentation, $"The <c>{qualified}</c> error.");
            writer.Open($"{Access} sealed partial class {error.ExceptionName} : global::Varlink.VarlinkRemoteException");
            writer.Line($"/// <summary>The fully-qualified varlink error name.</summary>");
            writer.Line($"public const string QualifiedName = {CSharpNames.Literal(qualified)};");
            writer.Line();
            writer.Line("/// <summary>Creates the error, for a server handler to throw.</summary>");
            ParamDocs(writer, payload);
            writer.Line($"public {error.ExceptionName}({ParameterList(payload)})");
            writer.Line($"    : this({NewFromParameters(payload)}, null)");
            writer.Open(string.Empty).Close();
            writer.Line();
            writer.Line($"private {error.ExceptionName}({payload.Path} payload, global::Varlink.VarlinkRemoteException? remote)");
            writer.Line($"    : base(QualifiedName, remote?.Parameters ?? {Json}.ToElement(payload, _Ctx.{payload.Name}), remote?.Message, remote)");
            writer.Open(string.Empty);
            for (var i = 0; i < payload.Fields.Count; i++)
            {
                writer.Line($"{error.PropertyNames[i]} = payload.{payload.Fields[i].PropertyName};");
            }

            writer.Close();
            for (var i = 0; i < payload.Fields.Count; i++)
            {
                var field = payload.Fields[i];
                writer.Line();
                writer.OptionalSummary(field.Documentation);
                writer.Line($"public {field.Type.CSharp} {error.PropertyNames[i]} {{ get; }}");
            }

            writer.Line();
            writer.Line($"internal static {error.ExceptionName} FromRemote(global::Varlink.VarlinkRemoteException remote) =>");
            writer.Line($"    new({Json}.FromElement(remote.Parameters, _Ctx.{payload.Name}), remote);");
            writer.Close();
        });
    }
}
