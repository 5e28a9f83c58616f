using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Varlink.TypedCertification;

/// <summary>
/// The certification service on the generated server base: every step checks what the client sent
/// and answers CertificationError (wants, got) when it is wrong, ClientIdError for unknown ids.
/// </summary>
public sealed class TypedCertificationService : CertificationServiceBase
{
    private readonly ConcurrentDictionary<string, bool> _clients = new(StringComparer.Ordinal);
    private int _passedRuns;

    /// <summary>How many clients reached End with every step right (Test11 included).</summary>
    public int PassedRuns => Volatile.Read(ref _passedRuns);

    /// <inheritdoc/>
    protected override ValueTask<string> StartAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        _clients[id] = false;
        return new(id);
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> Test01Async(string clientId, VarlinkCall call, CancellationToken cancellationToken)
    {
        Known(clientId);
        return new(true);
    }

    /// <inheritdoc/>
    protected override ValueTask<long> Test02Async(string clientId, bool @bool, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test02", @bool, true);
        return new(1L);
    }

    /// <inheritdoc/>
    protected override ValueTask<double> Test03Async(string clientId, long @int, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test03", @int, 1L);
        return new(1.0);
    }

    /// <inheritdoc/>
    protected override ValueTask<string> Test04Async(string clientId, double @float, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test04", @float, 1.0);
        return new(CertificationValues.Ping);
    }

    /// <inheritdoc/>
    protected override ValueTask<Test05Reply> Test05Async(string clientId, string @string, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test05", @string, CertificationValues.Ping);
        return new(new Test05Reply { Bool = false, Int = 2, Float = Math.PI, String = CertificationValues.ALotOfString });
    }

    /// <inheritdoc/>
    protected override ValueTask<Test06Reply.StructType> Test06Async(string clientId, bool @bool, long @int, double @float, string @string, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test06", (@bool, @int, @float, @string), (false, 2L, Math.PI, CertificationValues.ALotOfString));
        return new(new Test06Reply.StructType { Bool = @bool, Int = @int, Float = @float, String = @string });
    }

    /// <inheritdoc/>
    protected override ValueTask<IReadOnlyDictionary<string, string>> Test07Async(string clientId, Test07Parameters.StructType @struct, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test07", (@struct.Bool, @struct.Int, @struct.Float, @struct.String), (false, 2L, Math.PI, CertificationValues.ALotOfString));
        return new(CertificationValues.Map);
    }

    /// <inheritdoc/>
    protected override ValueTask<IReadOnlySet<string>> Test08Async(string clientId, IReadOnlyDictionary<string, string> map, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test08", string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal)), string.Join(",", CertificationValues.Map.OrderBy(p => p.Key, StringComparer.Ordinal)));
        return new(CertificationValues.Set);
    }

    /// <inheritdoc/>
    protected override ValueTask<MyType> Test09Async(string clientId, IReadOnlySet<string> set, VarlinkCall call, CancellationToken cancellationToken)
    {
        Expect(clientId, "Test09", set.SetEquals(CertificationValues.Set), true);
        return new(CertificationValues.MyType);
    }

    /// <inheritdoc/>
    protected override async ValueTask Test10Async(string clientId, MyType mytype, VarlinkReplyWriter<string> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        Known(clientId);
        if (!call.WantsMore)
        {
            throw new CertificationErrorException(Describe("Test10", "called with more"), Describe("Test10", "called without more"));
        }

        if (!CertificationValues.SameOnTheWire(mytype, CertificationValues.MyType))
        {
            throw new CertificationErrorException(CertificationValues.ToJson(CertificationValues.MyType), CertificationValues.ToJson(mytype));
        }

        var all = CertificationValues.MoreReplies;
        for (int i = 0; i < all.Count; i++)
        {
            await Task.Yield();
            await replies.WriteAsync(all[i], last: i == all.Count - 1, cancellationToken);
        }
    }

    /// <inheritdoc/>
    protected override ValueTask Test11Async(string clientId, IReadOnlyList<string> lastMoreReplies, VarlinkCall call, CancellationToken cancellationToken)
    {
        Known(clientId);
        _clients[clientId] = call.IsOneway && lastMoreReplies.SequenceEqual(CertificationValues.MoreReplies);
        return default;
    }

    /// <inheritdoc/>
    protected override ValueTask<bool> EndAsync(string clientId, VarlinkCall call, CancellationToken cancellationToken)
    {
        Known(clientId);
        _clients.TryRemove(clientId, out var test11Passed);
        if (test11Passed)
        {
            Interlocked.Increment(ref _passedRuns);
        }

        return new(test11Passed);
    }

    private void Known(string clientId)
    {
        if (!_clients.ContainsKey(clientId))
        {
            throw new ClientIdErrorException();
        }
    }

    private void Expect<T>(string clientId, string step, T got, T wants)
    {
        Known(clientId);
        if (!EqualityComparer<T>.Default.Equals(got, wants))
        {
            throw new CertificationErrorException(Describe(step, wants), Describe(step, got));
        }
    }

    /// <summary>An object <c>{"step": …, "value": …}</c> for CertificationError's wants and got.</summary>
    private static JsonElement Describe<T>(string step, T value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("step", step);
            writer.WriteString("value", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value}"));
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }
}
