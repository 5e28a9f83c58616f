using System.Collections.Concurrent;
using System.Text.Json;

namespace Varlink.TestPeers;

/// <summary>
/// The org.varlink.certification service, strict: each client must call Start, Test01 … Test11, End
/// in order with exactly the expected parameters (no extra or missing fields), Test10 with "more",
/// Test11 with "oneway", and no other call with a flag. A wrong step answers CertificationError
/// {wants, got}; an unknown client id answers ClientIdError. End answers all_ok only when every step
/// (including the oneway Test11, whose errors cannot be sent) was right.
/// </summary>
public sealed class CertificationServer
{
    private const int MaxClients = 1000;
    private readonly ConcurrentDictionary<string, ClientState> _clients = new(StringComparer.Ordinal);

    /// <summary>Completed runs (End with all_ok), for tests.</summary>
    public int PassedRuns => _passed;

    private int _passed;

    public static VarlinkServer CreateServer(out CertificationServer service)
    {
        var server = new VarlinkServer(new VarlinkServerOptions { Vendor = "Varlink.Net", Product = "Certification", Version = "1", Url = "https://varlink.org" });
        service = new CertificationServer();
        server.AddInterface(CertificationData.Description, service.HandleAsync);
        return server;
    }

    public async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        string step = call.MethodName;
        int index = Array.IndexOf(CertificationData.Steps, step);
        var parameters = call.Parameters;

        if (step == "Start")
        {
            CheckFlags(call, step, parameters, null);
            if (parameters.EnumerateObject().Any())
            {
                throw Error(step, "{}", parameters);
            }

            if (_clients.Count >= MaxClients)
            {
                _clients.Clear();
            }

            string id = Guid.NewGuid().ToString("N");
            _clients[id] = new ClientState { Next = 1 };
            await call.ReplyAsync(CertificationData.Parse($$"""{"client_id":"{{id}}"}"""), cancellationToken: cancellationToken);
            return;
        }

        if (!parameters.TryGetProperty("client_id", out var idElement) || idElement.ValueKind != JsonValueKind.String
            || !_clients.TryGetValue(idElement.GetString()!, out var state))
        {
            throw new VarlinkRemoteException(Interface("ClientIdError"));
        }

        string clientId = idElement.GetString()!;
        lock (state)
        {
            if (state.Next != index)
            {
                string expected = state.Next < CertificationData.Steps.Length ? CertificationData.Steps[state.Next] : "(nothing)";
                state.Failure ??= $"called {step} when {expected} was due";
                throw Error(step, $$"""{"method":"{{Interface(expected)}}"}""", CertificationData.Parse($$"""{"method":"{{call.Method}}"}"""));
            }

            state.Next++;
        }

        string expectedParameters = ExpectedParameters(step, clientId);
        CheckFlags(call, step, parameters, expectedParameters);
        if (!JsonCompare.Equivalent(parameters, CertificationData.Parse(expectedParameters)))
        {
            var failure = Error(step, expectedParameters, parameters);
            state.Failure ??= failure.Message;
            throw failure;
        }

        switch (step)
        {
            case "Test01":
                await call.ReplyAsync(CertificationData.Parse("""{"bool":true}"""), cancellationToken: cancellationToken);
                break;
            case "Test02":
                await call.ReplyAsync(CertificationData.Parse("""{"int":1}"""), cancellationToken: cancellationToken);
                break;
            case "Test03":
                await call.ReplyAsync(CertificationData.Parse("""{"float":1.0}"""), cancellationToken: cancellationToken);
                break;
            case "Test04":
                await call.ReplyAsync(CertificationData.Parse("""{"string":"ping"}"""), cancellationToken: cancellationToken);
                break;
            case "Test05":
                await call.ReplyAsync(CertificationData.Parse(CertificationData.Test05Reply), cancellationToken: cancellationToken);
                break;
            case "Test06":
                await call.ReplyAsync(CertificationData.Parse(CertificationData.Test06Reply), cancellationToken: cancellationToken);
                break;
            case "Test07":
                await call.ReplyAsync(CertificationData.Parse(CertificationData.Test07Reply), cancellationToken: cancellationToken);
                break;
            case "Test08":
                await call.ReplyAsync(CertificationData.Parse(CertificationData.Test08Reply), cancellationToken: cancellationToken);
                break;
            case "Test09":
                await call.ReplyAsync(CertificationData.Parse($$"""{"mytype":{{CertificationData.MyType}}}"""), cancellationToken: cancellationToken);
                break;
            case "Test10":
                for (int i = 1; i <= 10; i++)
                {
                    await call.ReplyAsync(CertificationData.Parse($$"""{"string":"{{CertificationData.ReplyString(i)}}"}"""), continues: i < 10, cancellationToken);
                }

                break;
            case "Test11":
                await call.ReplyAsync(cancellationToken: cancellationToken);
                break;
            case "End":
                _clients.TryRemove(clientId, out _);
                if (state.Failure is { } earlier)
                {
                    throw new VarlinkRemoteException(
                        Interface("CertificationError"),
                        CertificationData.Parse("{\"wants\":{\"all_steps\":\"passed\"},\"got\":{\"failure\":" + JsonSerializer.Serialize(earlier, CertificationJsonContext.Default.String) + "}}"));
                }

                Interlocked.Increment(ref _passed);
                await call.ReplyAsync(CertificationData.Parse("""{"all_ok":true}"""), cancellationToken: cancellationToken);
                break;
        }
    }

    private static void CheckFlags(VarlinkCall call, string step, JsonElement parameters, string? expected)
    {
        bool more = step == "Test10", oneway = step == "Test11";
        if (call.WantsMore != more || call.IsOneway != oneway || call.WantsUpgrade)
        {
            string wants = $$"""{"more":{{(more ? "true" : "false")}},"oneway":{{(oneway ? "true" : "false")}},"upgrade":false,"parameters":{{expected ?? "{}"}}}""";
            string got = $$"""{"more":{{(call.WantsMore ? "true" : "false")}},"oneway":{{(call.IsOneway ? "true" : "false")}},"upgrade":{{(call.WantsUpgrade ? "true" : "false")}},"parameters":{{parameters.GetRawText()}}}""";
            throw new VarlinkRemoteException(Interface("CertificationError"), CertificationData.Parse($$"""{"wants":{{wants}},"got":{{got}}}"""));
        }
    }

    private static string ExpectedParameters(string step, string clientId)
    {
        string id = $"\"client_id\":\"{clientId}\"";
        string replies = string.Join(',', Enumerable.Range(1, 10).Select(i => $"\"{CertificationData.ReplyString(i)}\""));
        return step switch
        {
            "Test01" => $"{{{id}}}",
            "Test02" => $"{{{id},\"bool\":true}}",
            "Test03" => $"{{{id},\"int\":1}}",
            "Test04" => $"{{{id},\"float\":1.0}}",
            "Test05" => $"{{{id},\"string\":\"ping\"}}",
            "Test06" => $"{{{id},{CertificationData.Test05Reply[1..^1]}}}",
            "Test07" => $"{{{id},{CertificationData.Test06Reply[1..^1]}}}",
            "Test08" => $"{{{id},{CertificationData.Test07Reply[1..^1]}}}",
            "Test09" => $"{{{id},{CertificationData.Test08Reply[1..^1]}}}",
            "Test10" => $"{{{id},\"mytype\":{CertificationData.MyType}}}",
            "Test11" => $"{{{id},\"last_more_replies\":[{replies}]}}",
            "End" => $"{{{id}}}",
            _ => throw new InvalidOperationException(step),
        };
    }

    private static VarlinkRemoteException Error(string step, string wants, JsonElement got)
        => new(
            Interface("CertificationError"),
            CertificationData.Parse($$"""{"wants":{{wants}},"got":{{got.GetRawText()}}}"""),
            $"Certification step {step} failed: wants {wants}, got {got.GetRawText()}");

    private static string Interface(string member) => CertificationData.Interface + "." + member;

    private sealed class ClientState
    {
        public int Next { get; set; }

        public string? Failure { get; set; }
    }
}
