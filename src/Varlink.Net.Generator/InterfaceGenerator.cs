using System.Threading;
using Varlink.Idl;

namespace Varlink.Generator;

/// <summary>One .varlink file in, generated files and diagnostics out. Pure: no Roslyn state involved.</summary>
internal static class InterfaceGenerator
{
    private static readonly char[] ListSeparators = [';', ',', ' ', '\t', '\r', '\n'];

    public static GeneratorResult Generate(GeneratorInput input, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        VarlinkInterfaceDefinition definition;
        try
        {
            definition = VarlinkInterfaceDefinition.Parse(input.Text);
        }
        catch (VarlinkIdlException e)
        {
            diagnostics.Add(DiagnosticInfo.Create(VarlinkDiagnostics.InvalidDefinition, input.Path, e.Line, e.Column, e.Reason));
            return Result([], diagnostics);
        }

        cancellationToken.ThrowIfCancellationRequested();
        void Invalid(string value, string metadata, string expected) =>
            diagnostics.Add(DiagnosticInfo.ForMetadata(VarlinkDiagnostics.InvalidMetadata, input.Path, value, metadata, expected, FileName(input.Path)));

        var generate = input.Generate.ToLowerInvariant();
        if (generate is not ("client" or "server" or "both"))
        {
            Invalid(input.Generate, "VarlinkGenerate", "client, server or both");
        }

        var accessibility = input.Accessibility.ToLowerInvariant();
        if (accessibility is not ("public" or "internal"))
        {
            Invalid(input.Accessibility, "VarlinkAccessibility", "public or internal");
        }

        if (!CSharpNames.IsValidNamespace(input.Namespace))
        {
            Invalid(input.Namespace, "VarlinkNamespace", "a C# namespace");
        }

        var prefix = input.TypeName ?? CSharpNames.InterfacePrefix(definition.Name);
        if (!CSharpNames.IsValidNamespace(prefix) || prefix.Contains('.'))
        {
            Invalid(prefix, "VarlinkTypeName", "a C# identifier");
        }

        var more = MethodSet(input.MoreMethods, "VarlinkMoreMethods", definition, input.Path, diagnostics);
        var upgrade = MethodSet(input.UpgradeMethods, "VarlinkUpgradeMethods", definition, input.Path, diagnostics);
        var oneway = MethodSet(input.OnewayMethods, "VarlinkOnewayMethods", definition, input.Path, diagnostics);
        foreach (var method in oneway.Where(m => more.Contains(m) || upgrade.Contains(m)))
        {
            Invalid(method, "VarlinkOnewayMethods", "methods that neither stream (VarlinkMoreMethods) nor upgrade (VarlinkUpgradeMethods): a oneway call gets no reply");
        }

        var lenientReplies = input.LenientReplies.ToLowerInvariant();
        if (lenientReplies is not ("true" or "false"))
        {
            Invalid(input.LenientReplies, "VarlinkLenientReplies", "true or false");
        }

        foreach (var method in more.Where(upgrade.Contains))
        {
            var declared = definition.FindMethod(method)!;
            diagnostics.Add(DiagnosticInfo.Create(VarlinkDiagnostics.MoreAndUpgrade, input.Path, declared.Line, declared.Column, method));
        }

        var shape = new InterfaceShape(definition, input.Namespace, prefix, accessibility, generate != "server", generate != "client") { LenientReplies = lenientReplies == "true" };
        shape.OnewayMethods.UnionWith(oneway);
        new ShapeBuilder(shape, input.Path, diagnostics).Build(more, upgrade);
        if (diagnostics.Count > 0)
        {
            return Result([], diagnostics);
        }

        return Result(new InterfaceEmitter(shape).Emit().ToList(), diagnostics);
    }

    private static HashSet<string> MethodSet(string list, string metadata, VarlinkInterfaceDefinition definition, string path, List<DiagnosticInfo> diagnostics)
    {
        var methods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in list.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (definition.FindMethod(name) is null)
            {
                diagnostics.Add(DiagnosticInfo.ForMetadata(VarlinkDiagnostics.UnknownMethod, path, metadata, name, definition.Name, FileName(path)));
                continue;
            }

            methods.Add(name);
        }

        return methods;
    }

    private static string FileName(string path) => path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);

    private static GeneratorResult Result(List<GeneratedFile> files, List<DiagnosticInfo> diagnostics) =>
        new(new EquatableArray<GeneratedFile>(files), new EquatableArray<DiagnosticInfo>(diagnostics));
}
