using System.Text.Json;

namespace Varlink.TestPeers;

/// <summary>
/// The org.varlink.certification client, written with the untyped API: drives a server through
/// Start … End on one connection and checks every reply. Throws <see cref="CertificationFailure"/>
/// naming the step that went wrong (an unexpected reply, an error reply, or a failed connection);
/// returns the steps it passed.
/// </summary>
public static class CertificationClient
{
    private const string Prefix = CertificationData.Interface + ".";

    public static async Task<IReadOnlyList<string>> RunAsync(VarlinkConnection connection, CancellationToken cancellationToken = default)
    {
        var passed = new List<string>();
        var start = await Call("Start", null);
        string clientId = Expect(start, "Start", r => r.GetProperty("client_id").GetString() is { Length: > 0 }).GetProperty("client_id").GetString()!;
        string id = JsonSerializer.Serialize(clientId, CertificationJsonContext.Default.String);

        var reply = await Call("Test01", $$"""{"client_id":{{id}}}""");
        Expect(reply, "Test01", r => r.GetProperty("bool").GetBoolean());

        reply = await Call("Test02", $$"""{"client_id":{{id}},"bool":true}""");
        Expect(reply, "Test02", r => r.GetProperty("int").GetInt64() == 1);

        reply = await Call("Test03", $$"""{"client_id":{{id}},"int":1}""");
        Expect(reply, "Test03", r => r.GetProperty("float").GetDouble() == 1.0);

        reply = await Call("Test04", $$"""{"client_id":{{id}},"float":1.0}""");
        Expect(reply, "Test04", r => r.GetProperty("string").GetString() == "ping");

        reply = await Call("Test05", $$"""{"client_id":{{id}},"string":"ping"}""");
        Expect(reply, "Test05", r => JsonCompare.Equivalent(r, CertificationData.Parse(CertificationData.Test05Reply)));

        reply = await Call("Test06", WithClient(id, reply));
        Expect(reply, "Test06", r => JsonCompare.Equivalent(r, CertificationData.Parse(CertificationData.Test06Reply)));

        reply = await Call("Test07", WithClient(id, reply));
        Expect(reply, "Test07", r => JsonCompare.Equivalent(r, CertificationData.Parse(CertificationData.Test07Reply)));

        reply = await Call("Test08", WithClient(id, reply));
        Expect(reply, "Test08", r => JsonCompare.Equivalent(r, CertificationData.Parse(CertificationData.Test08Reply)));

        reply = await Call("Test09", WithClient(id, reply));
        Expect(reply, "Test09", r => CheckMyType(r.GetProperty("mytype")));

        var replies = new List<string>();
        try
        {
            await foreach (var item in connection.CallMoreAsync(Prefix + "Test10", CertificationData.Parse(WithClient(id, reply)), cancellationToken))
            {
                replies.Add(item.GetProperty("string").GetString()!);
            }
        }
        catch (VarlinkException e)
        {
            throw Failed("Test10", e);
        }

        if (!replies.SequenceEqual(Enumerable.Range(1, 10).Select(CertificationData.ReplyString)))
        {
            throw new CertificationFailure("Test10", $"got {replies.Count} replies: {string.Join(", ", replies)}");
        }

        passed.Add("Test10");
        string list = JsonSerializer.Serialize(replies, CertificationJsonContext.Default.ListString);
        try
        {
            await connection.CallOnewayAsync(Prefix + "Test11", CertificationData.Parse($$"""{"client_id":{{id}},"last_more_replies":{{list}}}"""), cancellationToken);
        }
        catch (VarlinkException e)
        {
            throw Failed("Test11", e);
        }

        passed.Add("Test11");

        reply = await Call("End", $$"""{"client_id":{{id}}}""");
        Expect(reply, "End", r => r.GetProperty("all_ok").GetBoolean());
        return passed;

        async Task<JsonElement> Call(string step, string? parameters)
        {
            try
            {
                return await connection.CallAsync(Prefix + step, parameters is null ? default : CertificationData.Parse(parameters), cancellationToken);
            }
            catch (VarlinkException e)
            {
                throw Failed(step, e);
            }
        }

        JsonElement Expect(JsonElement value, string step, Func<JsonElement, bool> check)
        {
            bool ok;
            try
            {
                ok = check(value);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new CertificationFailure(step, $"unexpected reply {value.GetRawText()}", e);
            }

            if (!ok)
            {
                throw new CertificationFailure(step, $"unexpected reply {value.GetRawText()}");
            }

            passed.Add(step);
            return value;
        }
    }

    /// <summary>An error reply names the error and its parameters; a broken connection or protocol says what broke.</summary>
    private static CertificationFailure Failed(string step, VarlinkException e) => e switch
    {
        VarlinkRemoteException remote => new CertificationFailure(step, $"error {remote.ErrorName} {remote.Parameters}", e),
        _ => new CertificationFailure(step, e.Message, e),
    };

    private static string WithClient(string id, JsonElement reply)
    {
        string raw = reply.GetRawText().Trim();
        return raw == "{}" ? $$"""{"client_id":{{id}}}""" : $$"""{"client_id":{{id}},{{raw[1..]}}""";
    }

    /// <summary>The parts of MyType every reference server sends alike (Go differs in nullables and in interface.foo's keys).</summary>
    private static bool CheckMyType(JsonElement mytype)
    {
        var expected = CertificationData.Parse(CertificationData.MyType);
        foreach (var field in new[] { "object", "enum", "struct", "array", "dictionary", "stringset" })
        {
            if (!JsonCompare.Equivalent(mytype.GetProperty(field), expected.GetProperty(field)))
            {
                return false;
            }
        }

        var anon = mytype.GetProperty("interface").GetProperty("anon");
        return anon.GetProperty("foo").GetBoolean() && !anon.GetProperty("bar").GetBoolean()
            && mytype.GetProperty("interface").GetProperty("foo").GetArrayLength() == 4;
    }
}
