namespace Varlink.TypedCertification;

/// <summary>Runs the certification steps with the generated client, checking every reply.</summary>
public static class TypedCertificationClient
{
    /// <summary>Runs Start…End once.</summary>
    /// <param name="client">The generated client.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The steps that passed, in order.</returns>
    /// <exception cref="InvalidOperationException">A reply was not what the step expects.</exception>
    public static async Task<IReadOnlyList<string>> RunAsync(CertificationProxy client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var passed = new List<string>();
        var id = await client.StartAsync(cancellationToken).ConfigureAwait(false);
        Check(passed, "Start", id.Length > 0, id);

        var @bool = await client.Test01Async(id, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test01", @bool, @bool);
        var @int = await client.Test02Async(id, @bool, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test02", @int == 1, @int);
        var @float = await client.Test03Async(id, @int, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test03", @float == 1.0, @float);
        var @string = await client.Test04Async(id, @float, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test04", @string == CertificationValues.Ping, @string);

        var five = await client.Test05Async(id, @string, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test05", !five.Bool && five.Int == 2 && five.Float == Math.PI && five.String == CertificationValues.ALotOfString, five);
        var six = await client.Test06Async(id, five.Bool, five.Int, five.Float, five.String, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test06", !six.Bool && six.Int == 2 && six.Float == Math.PI && six.String == CertificationValues.ALotOfString, six);

        var sevenStruct = new Test07Parameters.StructType { Bool = six.Bool, Int = six.Int, Float = six.Float, String = six.String };
        var map = await client.Test07Async(id, sevenStruct, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test07", map.Count == 2 && map["foo"] == "Foo" && map["bar"] == "Bar", string.Join(",", map));
        var set = await client.Test08Async(id, map, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test08", set.SetEquals(CertificationValues.Set), string.Join(",", set));
        var mytype = await client.Test09Async(id, set, cancellationToken).ConfigureAwait(false);
        Check(passed, "Test09", mytype.Enum == MyType.EnumType.Two && mytype.Struct.First == 1 && mytype.Interface.Anon.Foo, CertificationValues.ToJson(mytype));

        var replies = new List<string>();
        await foreach (var reply in client.Test10Async(id, mytype, cancellationToken).ConfigureAwait(false))
        {
            replies.Add(reply);
        }

        Check(passed, "Test10", replies.SequenceEqual(CertificationValues.MoreReplies), string.Join(",", replies));
        await client.Test11OnewayAsync(id, replies, cancellationToken).ConfigureAwait(false);
        passed.Add("Test11");
        var allOk = await client.EndAsync(id, cancellationToken).ConfigureAwait(false);
        Check(passed, "End", allOk, allOk);
        return passed;
    }

    private static void Check(List<string> passed, string step, bool ok, object? got)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"Certification step {step} got an unexpected reply: {got}");
        }

        passed.Add(step);
    }
}
