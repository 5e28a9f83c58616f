namespace Varlink.Generator;

/// <summary>The client proxy: one <c>…Async</c> method per varlink method, plus a oneway form.</summary>
internal sealed partial class InterfaceEmitter
{
    private const string Translate = "catch (global::Varlink.VarlinkRemoteException error) when ({0}.TranslateError(error) is {{ }} typed)";

    private void EmitClient(CodeWriter writer)
    {
        var name = shape.ProxyName;
        writer.Summary(shape.Definition.Documentation, $"A typed proxy of the varlink interface <c>{Interface}</c>: one method per varlink method, over any <see cref=\"global::Varlink.IVarlinkCaller\"/>.");
        writer.Line("/// <remarks>");
        writer.Line("/// Over a <see cref=\"global::Varlink.VarlinkConnection\"/> calls share that connection and are answered in order");
        writer.Line("/// (pipelined); over a <c>VarlinkClient</c> they get its reconnects, retries and telemetry. Error replies declared by the");
        writer.Line("/// interface are thrown as their generated exception types, others as <see cref=\"global::Varlink.VarlinkRemoteException\"/>.");
        writer.Line("/// Varlink has no cancel message: cancelling a call that was already sent closes the connection.");
        writer.Line("/// </remarks>");
        writer.Open($"{Access} sealed partial class {name}");
        writer.Line("/// <summary>The interface name, <c>" + Interface + "</c>.</summary>");
        writer.Line($"public const string InterfaceName = {CSharpNames.Literal(Interface)};");
        writer.Line();
        writer.Line("/// <summary>Creates a proxy that calls through <paramref name=\"caller\"/>.</summary>");
        writer.Line("/// <param name=\"caller\">A varlink connection or client.</param>");
        writer.Open($"public {name}(global::Varlink.IVarlinkCaller caller)");
        writer.Line("Caller = caller ?? throw new global::System.ArgumentNullException(nameof(caller));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>What the calls go through.</summary>");
        writer.Line("public global::Varlink.IVarlinkCaller Caller { get; }");
        foreach (var method in shape.Methods)
        {
            writer.Line();
            switch (method.Kind)
            {
                case MethodKind.More:
                    EmitClientStream(writer, method);
                    break;
                case MethodKind.Upgrade:
                    EmitClientUpgrade(writer, method);
                    break;
                default:
                    EmitClientCall(writer, method);
                    break;
            }

            writer.Line();
            EmitClientOneway(writer, method);
        }

        writer.Close();
    }

    private static string WithToken(RecordShape parameters, string token) =>
        parameters.Fields.Count == 0 ? token : ParameterList(parameters) + ", " + token;

    private string Qualified(MethodShape method) => CSharpNames.Literal(Interface + "." + method.Name);

    private string TypeInfos(MethodShape method) => $"{shape.ContextName}.{method.Parameters.Name}, {shape.ContextName}.{method.Reply.Name}";

    private void CallDocs(CodeWriter writer, MethodShape method, string returns)
    {
        writer.Summary(method.Method.Documentation, $"Calls <c>{Interface}.{method.Name}</c>.");
        ParamDocs(writer, method.Parameters);
        writer.Line("/// <param name=\"cancellationToken\">Cancels the call; once it is sent, this closes the connection.</param>");
        writer.Line($"/// <returns>{returns}</returns>");
    }

    private static string Unwrap(MethodShape method, string reply) =>
        method.Reply.Fields.Count == 1 ? $"{reply}.{method.Reply.Fields[0].PropertyName}" : reply;

    private void EmitClientCall(CodeWriter writer, MethodShape method)
    {
        var result = method.ResultType;
        var returns = result is null ? "A task that completes with the reply." : method.Reply.Fields.Count == 1 ? $"The reply's <c>{method.Reply.Fields[0].WireName}</c>." : "The reply.";
        CallDocs(writer, method, returns);
        var task = result is null ? "global::System.Threading.Tasks.Task" : $"global::System.Threading.Tasks.Task<{result}>";
        writer.Open($"public async {task} {method.Name}Async({WithToken(method.Parameters, $"{CancellationTokenType} cancellationToken = default")})");
        writer.Open("try");
        var call = $"await Caller.CallAsync({Qualified(method)}, {NewFromParameters(method.Parameters)}, {TypeInfos(method)}, cancellationToken).ConfigureAwait(false)";
        writer.Line(result is null ? call + ";" : $"var reply = {call};");
        if (result is not null)
        {
            writer.Line($"return {Unwrap(method, "reply")};");
        }

        writer.Close();
        writer.Open(string.Format(System.Globalization.CultureInfo.InvariantCulture, Translate, shape.CodecName));
        writer.Line("throw typed;");
        writer.Close();
        writer.Close();
    }

    private void EmitClientStream(CodeWriter writer, MethodShape method)
    {
        var item = method.ResultType ?? method.Reply.Path;
        CallDocs(writer, method, "The replies, streamed with <c>more</c>; leaving the enumeration early closes the connection.");
        writer.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{item}> {method.Name}Async({WithToken(method.Parameters, $"[global::System.Runtime.CompilerServices.EnumeratorCancellation] {CancellationTokenType} cancellationToken = default")})");
        writer.Line($"var replies = Caller.CallMoreAsync({Qualified(method)}, {NewFromParameters(method.Parameters)}, {TypeInfos(method)}, cancellationToken).GetAsyncEnumerator(cancellationToken);");
        writer.Open("try");
        writer.Open("while (true)");
        writer.Line("bool more;");
        writer.Open("try");
        writer.Line("more = await replies.MoveNextAsync().ConfigureAwait(false);");
        writer.Close();
        writer.Open(string.Format(System.Globalization.CultureInfo.InvariantCulture, Translate, shape.CodecName));
        writer.Line("throw typed;");
        writer.Close();
        writer.Line();
        writer.Open("if (!more)");
        writer.Line("yield break;");
        writer.Close();
        writer.Line();
        writer.Line($"yield return {Unwrap(method, "replies.Current")};");
        writer.Close();
        writer.Close();
        writer.Open("finally");
        writer.Line("await replies.DisposeAsync().ConfigureAwait(false);");
        writer.Close();
        writer.Close();
    }

    private void EmitClientUpgrade(CodeWriter writer, MethodShape method)
    {
        CallDocs(writer, method, "The confirming reply and the upgraded stream; the connection is spent afterwards.");
        var result = $"global::Varlink.VarlinkUpgrade<{method.Reply.Path}>";
        writer.Open($"public async global::System.Threading.Tasks.Task<{result}> {method.Name}Async({WithToken(method.Parameters, $"{CancellationTokenType} cancellationToken = default")})");
        writer.Open("try");
        writer.Line($"return await Caller.UpgradeAsync({Qualified(method)}, {NewFromParameters(method.Parameters)}, {TypeInfos(method)}, cancellationToken).ConfigureAwait(false);");
        writer.Close();
        writer.Open(string.Format(System.Globalization.CultureInfo.InvariantCulture, Translate, shape.CodecName));
        writer.Line("throw typed;");
        writer.Close();
        writer.Close();
    }

    private void EmitClientOneway(CodeWriter writer, MethodShape method)
    {
        writer.Line($"/// <summary>Calls <c>{Interface}.{method.Name}</c> with <c>oneway</c>: the service sends no reply, not even an error.</summary>");
        ParamDocs(writer, method.Parameters);
        writer.Line("/// <param name=\"cancellationToken\">Cancels sending.</param>");
        writer.Line("/// <returns>A task that completes when the call is queued for sending.</returns>");
        writer.Line($"public global::System.Threading.Tasks.ValueTask {method.Name}OnewayAsync({WithToken(method.Parameters, $"{CancellationTokenType} cancellationToken = default")}) =>");
        writer.Line($"    Caller.CallOnewayAsync({Qualified(method)}, {NewFromParameters(method.Parameters)}, {shape.ContextName}.{method.Parameters.Name}, cancellationToken);");
    }
}
