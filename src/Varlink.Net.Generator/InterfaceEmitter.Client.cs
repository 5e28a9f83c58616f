namespace Varlink.Generator;

/// <summary>
/// The client proxy: one <c>…Async</c> method per varlink method over three shared private helpers
/// (call, stream, upgrade) that translate error replies in one place, plus a oneway form for the
/// methods named in <c>VarlinkOnewayMethods</c>.
/// </summary>
internal sealed partial class InterfaceEmitter
{
    private const string Metadata = "_Meta.JsonTypeInfo";

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

            if (shape.OnewayMethods.Contains(method.Name))
            {
                writer.Line();
                EmitClientOneway(writer, method);
            }
        }

        EmitClientHelpers(writer);
        writer.Close();
    }

    private static string WithToken(RecordShape parameters, string token) =>
        parameters.Fields.Count == 0 ? token : ParameterList(parameters) + ", " + token;

    private string Qualified(MethodShape method) => CSharpNames.Literal(Interface + "." + method.Name);

    private string TypeInfos(MethodShape method) => $"_Ctx.{method.Parameters.Name}, _Ctx.{method.Reply.Name}";

    /// <summary>The arguments of a helper: method, parameters and their metadata.</summary>
    private string HelperArguments(MethodShape method) => $"{Qualified(method)}, {NewFromParameters(method.Parameters)}, {TypeInfos(method)}";

    private void CallDocs(CodeWriter writer, MethodShape method, string returns)
    {
        writer.Summary(method.Method.Documentation, $"Calls <c>{Interface}.{method.Name}</c>.");
        if (HasParamDocs(method.Parameters))
        {
            ParamDocs(writer, method.Parameters);
            writer.Line("/// <param name=\"cancellationToken\">Cancels the call; once it is sent, this closes the connection.</param>");
        }

        writer.Line($"/// <returns>{returns}</returns>");
    }

    /// <summary>The function from a reply to what the caller gets: its single field, or the reply itself.</summary>
    private static string Unwrap(MethodShape method) =>
        method.Reply.Fields.Count == 1 ? $"static r => r.{method.Reply.Fields[0].PropertyName}" : "static r => r";

    private string Signature(MethodShape method) => $"{method.Name}Async({WithToken(method.Parameters, $"{CancellationTokenType} cancellationToken = default")})";

    private void EmitClientCall(CodeWriter writer, MethodShape method)
    {
        var result = method.ResultType;
        var returns = result is null ? "A task that completes with the reply." : method.Reply.Fields.Count == 1 ? $"The reply's <c>{method.Reply.Fields[0].WireName}</c>." : "The reply.";
        CallDocs(writer, method, returns);
        var task = result is null ? $"{Tasks}.Task" : $"{Tasks}.Task<{result}>";
        writer.Line($"public {task} {Signature(method)} =>");
        writer.Line($"    CallAsync({HelperArguments(method)}, {(result is null ? "static r => r" : Unwrap(method))}, cancellationToken);");
    }

    private void EmitClientStream(CodeWriter writer, MethodShape method)
    {
        var item = method.ResultType ?? method.Reply.Path;
        CallDocs(writer, method, "The replies, streamed with <c>more</c>; leaving the enumeration early closes the connection.");
        writer.Line($"public _G.IAsyncEnumerable<{item}> {Signature(method)} =>");
        writer.Line($"    StreamAsync({HelperArguments(method)}, {Unwrap(method)}, cancellationToken);");
    }

    private void EmitClientUpgrade(CodeWriter writer, MethodShape method)
    {
        CallDocs(writer, method, "The confirming reply and the upgraded stream; the connection is spent afterwards.");
        writer.Line($"public {Tasks}.Task<global::Varlink.VarlinkUpgrade<{method.Reply.Path}>> {Signature(method)} =>");
        writer.Line($"    UpgradeAsync({HelperArguments(method)}, cancellationToken);");
    }

    private void EmitClientOneway(CodeWriter writer, MethodShape method)
    {
        writer.Line($"/// <summary>Calls <c>{Interface}.{method.Name}</c> with <c>oneway</c>: the service sends no reply, not even an error.</summary>");
        ParamDocs(writer, method.Parameters);
        writer.Line("/// <param name=\"cancellationToken\">Cancels sending.</param>");
        writer.Line("/// <returns>A task that completes when the call is queued for sending.</returns>");
        writer.Line($"public {Tasks}.ValueTask {method.Name}OnewayAsync({WithToken(method.Parameters, $"{CancellationTokenType} cancellationToken = default")}) =>");
        writer.Line($"    Caller.CallOnewayAsync({Qualified(method)}, {NewFromParameters(method.Parameters)}, _Ctx.{method.Parameters.Name}, cancellationToken);");
    }

    /// <summary>The shared helpers: each call, stream and upgrade goes through one, where error replies are translated.</summary>
    private void EmitClientHelpers(CodeWriter writer)
    {
        const string Remote = "global::Varlink.VarlinkRemoteException";
        var translate = $"catch ({Remote} error) when ({shape.CodecName}.TranslateError(error) is {{ }} typed)";
        var kinds = new HashSet<MethodKind>(shape.Methods.Select(m => m.Kind));
        if (kinds.Contains(MethodKind.Call))
        {
            writer.Line();
            writer.Open($"private async {Tasks}.Task<TResult> CallAsync<TParameters, TReply, TResult>(string method, TParameters parameters, {Metadata}<TParameters> parametersInfo, {Metadata}<TReply> replyInfo, global::System.Func<TReply, TResult> result, {CancellationTokenType} cancellationToken)");
            writer.Open("try");
            writer.Line("return result(await Caller.CallAsync(method, parameters, parametersInfo, replyInfo, cancellationToken).ConfigureAwait(false));");
            writer.Close();
            writer.Open(translate);
            writer.Line("throw typed;");
            writer.Close();
            writer.Close();
        }

        if (kinds.Contains(MethodKind.More))
        {
            writer.Line();
            writer.Open($"private async _G.IAsyncEnumerable<TResult> StreamAsync<TParameters, TReply, TResult>(string method, TParameters parameters, {Metadata}<TParameters> parametersInfo, {Metadata}<TReply> replyInfo, global::System.Func<TReply, TResult> result, [global::System.Runtime.CompilerServices.EnumeratorCancellation] {CancellationTokenType} cancellationToken)");
            writer.Line("var replies = Caller.CallMoreAsync(method, parameters, parametersInfo, replyInfo, cancellationToken).GetAsyncEnumerator(cancellationToken);");
            writer.Open("try");
            writer.Open("while (true)");
            writer.Line("bool more;");
            writer.Open("try");
            writer.Line("more = await replies.MoveNextAsync().ConfigureAwait(false);");
            writer.Close();
            writer.Open(translate);
            writer.Line("throw typed;");
            writer.Close();
            writer.Line();
            writer.Open("if (!more)");
            writer.Line("yield break;");
            writer.Close();
            writer.Line();
            writer.Line("yield return result(replies.Current);");
            writer.Close();
            writer.Close();
            writer.Open("finally");
            writer.Line("await replies.DisposeAsync().ConfigureAwait(false);");
            writer.Close();
            writer.Close();
        }

        if (kinds.Contains(MethodKind.Upgrade))
        {
            writer.Line();
            writer.Open($"private async {Tasks}.Task<global::Varlink.VarlinkUpgrade<TReply>> UpgradeAsync<TParameters, TReply>(string method, TParameters parameters, {Metadata}<TParameters> parametersInfo, {Metadata}<TReply> replyInfo, {CancellationTokenType} cancellationToken)");
            writer.Open("try");
            writer.Line("return await Caller.UpgradeAsync(method, parameters, parametersInfo, replyInfo, cancellationToken).ConfigureAwait(false);");
            writer.Close();
            writer.Open(translate);
            writer.Line("throw typed;");
            writer.Close();
            writer.Close();
        }
    }
}
