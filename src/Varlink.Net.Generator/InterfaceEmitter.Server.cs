namespace Varlink.Generator;

/// <summary>The server base class: one abstract handler per method and the dispatch to it.</summary>
internal sealed partial class InterfaceEmitter
{
    private const string CallType = "_Call";

    private void EmitServer(CodeWriter writer)
    {
        var name = shape.ServiceBaseName;
        writer.Summary(shape.Definition.Documentation, $"The base of a service implementing the varlink interface <c>{Interface}</c>.");
        writer.Line("/// <remarks>");
        writer.Line("/// Derive from it, implement one handler per method, and call <see cref=\"AddTo\"/>. The server checks");
        writer.Line("/// incoming parameters against the interface definition before a handler runs (strictly, unless");
        writer.Line("/// registered with lenient parameters: then missing fields and nulls read as zero values). A handler throws");
        writer.Line("/// a generated exception (or a <see cref=\"global::Varlink.VarlinkRemoteException\"/>) to reply with an error.");
        writer.Line("/// Each handler gets the call (its flags, and the way to answer it) and a token that fires when the client has gone.");
        writer.Line("/// </remarks>");
        writer.Open($"{Access} abstract partial class {name}");
        writer.Line("/// <summary>The interface name, <c>" + Interface + "</c>.</summary>");
        writer.Line($"public const string InterfaceName = {CSharpNames.Literal(Interface)};");
        writer.Line();
        writer.Line("/// <summary>The interface definition, as GetInterfaceDescription returns it.</summary>");
        writer.Line($"public const string InterfaceDescription = @\"{shape.Definition.Text.Replace("\"", "\"\"")}\";");
        writer.Line();
        writer.Line("/// <summary>Registers this service's interface with <paramref name=\"server\"/>.</summary>");
        writer.Line("/// <param name=\"server\">The server to serve the interface on.</param>");
        writer.Line("/// <param name=\"options\">How it is served, for example <see cref=\"global::Varlink.VarlinkInterfaceOptions.LenientParameters\"/> for clients that leave arguments out; strict when null.</param>");
        writer.Open("public void AddTo(global::Varlink.VarlinkServer server, global::Varlink.VarlinkInterfaceOptions? options = null)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(server);");
        writer.Line("server.AddInterface(InterfaceDescription, DispatchAsync, options);");
        writer.Close();
        writer.Line();
        writer.Line($"private _Tasks.ValueTask DispatchAsync({CallType} call, {CancellationTokenType} ct) => call.MethodName switch");
        writer.Line("{");
        foreach (var method in shape.Methods)
        {
            writer.Line($"    {CSharpNames.Literal(method.Name)} => Handle{method.Name}Async(call, ct),");
        }

        writer.Line("    _ => default,");
        writer.Line("};");
        foreach (var method in shape.Methods)
        {
            writer.Line();
            EmitHandler(writer, method);
            writer.Line();
            EmitDispatch(writer, method);
            if (method.Kind == MethodKind.Upgrade)
            {
                writer.Line();
                EmitConfirmUpgrade(writer, method);
            }
        }

        writer.Close();
    }

    private const string ReplyWriterType = "global::Varlink.VarlinkReplyWriter";

    private static string HandlerArguments(MethodShape method, string? writer = null) =>
        string.Join(", ", method.Parameters.Fields.Select(f => "p." + f.PropertyName).Concat(writer is null ? new[] { "call", "ct" } : new[] { writer, "call", "ct" }));

    private static string HandlerParameters(MethodShape method) =>
        WithToken(method.Parameters, (method.Kind == MethodKind.More ? $"{ReplyWriterType}<{method.ResultType ?? method.Reply.Path}> replies, " : string.Empty) + $"{CallType} call, {CancellationTokenType} cancellationToken");

    private void EmitHandler(CodeWriter writer, MethodShape method)
    {
        var item = method.ResultType;
        var (type, returns) = method.Kind switch
        {
            MethodKind.More => ("_Tasks.ValueTask", "A task that completes when the stream is over: the last reply was written with <c>last: true</c> (or an error thrown), or the client has gone."),
            MethodKind.Upgrade => ("_Tasks.ValueTask", $"A task that completes when the upgraded conversation is over; confirm with <see cref=\"Confirm{method.Name}UpgradeAsync\"/> first."),
            _ when item is null => ("_Tasks.ValueTask", "A task that completes when the call is done."),
            _ => ($"_Tasks.ValueTask<{item}>", method.Reply.Fields.Count == 1 ? $"The reply's <c>{method.Reply.Fields[0].WireName}</c>." : "The reply."),
        };
        writer.Summary(method.Method.Documentation, $"Handles <c>{Interface}.{method.Name}</c>.");
        if (method.Kind == MethodKind.More || HasParamDocs(method.Parameters))
        {
            ParamDocs(writer, method.Parameters);
            if (method.Kind == MethodKind.More)
            {
                writer.Line("/// <param name=\"replies\">Sends each reply as it is made (with <c>continues</c>, unless written with <c>last: true</c>); without <c>more</c>, the first reply is the only one.</param>");
            }

            writer.Line("/// <param name=\"call\">The call: its flags and the way to answer it.</param>");
            writer.Line("/// <param name=\"cancellationToken\">Fires when the client has gone.</param>");
        }

        writer.Line($"/// <returns>{returns}</returns>");
        writer.Line($"protected abstract {type} {method.Name}Async({HandlerParameters(method)});");
    }

    private string Wrap(MethodShape method, string value) =>
        method.Reply.Fields.Count switch
        {
            0 => $"new {method.Reply.Path}()",
            1 => $"new {method.Reply.Path} {{ {method.Reply.Fields[0].PropertyName} = {value} }}",
            _ => value,
        };

    private void EmitDispatch(CodeWriter writer, MethodShape method)
    {
        static string item(MethodShape m) => m.ResultType ?? m.Reply.Path;
        var replyInfo = $"_Ctx.{method.Reply.Name}";
        writer.Open($"private async _Tasks.ValueTask Handle{method.Name}Async({CallType} call, {CancellationTokenType} ct)");
        writer.Line($"var p = call.GetParameters(_Ctx.{method.Parameters.Name});");
        switch (method.Kind)
        {
            case MethodKind.Upgrade:
                writer.Line($"await {method.Name}Async({HandlerArguments(method)}).ConfigureAwait(false);");
                break;
            case MethodKind.More:
                var wrap = method.Reply.Fields.Count == 1 ? $"{ReplyWriterType}<{item(method)}>.Create(call, {replyInfo}, static item => {Wrap(method, "item")})" : $"new {ReplyWriterType}<{method.Reply.Path}>(call, {replyInfo})";
                writer.Line($"await {method.Name}Async({HandlerArguments(method, wrap)}).ConfigureAwait(false);");
                break;
            default:
                var handler = $"await {method.Name}Async({HandlerArguments(method)}).ConfigureAwait(false)";
                if (method.ResultType is null)
                {
                    writer.Line(handler + ";");
                    writer.Line($"await call.ReplyAsync({Wrap(method, string.Empty)}, {replyInfo}, cancellationToken: ct).ConfigureAwait(false);");
                }
                else
                {
                    writer.Line($"var result = {handler};");
                    writer.Line($"await call.ReplyAsync({Wrap(method, "result")}, {replyInfo}, cancellationToken: ct).ConfigureAwait(false);");
                }

                break;
        }

        writer.Close();
    }

    private void EmitConfirmUpgrade(CodeWriter writer, MethodShape method)
    {
        writer.Line($"/// <summary>Confirms an <c>upgrade</c> call of <c>{method.Name}</c> and takes over the connection.</summary>");
        writer.Line("/// <param name=\"call\">The call being handled.</param>");
        foreach (var field in method.Reply.Fields)
        {
            writer.Line($"/// <param name=\"{field.ParameterName.TrimStart('@')}\">The confirming reply's <c>{field.WireName}</c>.</param>");
        }

        writer.Line("/// <param name=\"cancellationToken\">Cancels sending the confirmation.</param>");
        writer.Line("/// <returns>The raw duplex stream of the connection.</returns>");
        var parameters = method.Reply.Fields.Count == 0 ? string.Empty : ParameterList(method.Reply) + ", ";
        writer.Line($"protected static _Tasks.Task<global::System.IO.Stream> Confirm{method.Name}UpgradeAsync({CallType} call, {parameters}{CancellationTokenType} cancellationToken = default) =>");
        writer.Line($"    call.UpgradeAsync({Json}.ToElement({NewFromParameters(method.Reply)}, _Ctx.{method.Reply.Name}), cancellationToken);");
    }
}
