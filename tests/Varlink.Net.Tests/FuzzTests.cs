using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>
/// Thousands of random and mutated frames against a server on a real unix socket: every connection
/// is answered or closed within a bound, and a well-behaved client is served afterwards. Some frames
/// are well-formed calls with odd parameter values, so that handlers run on them too.
/// </summary>
[Collection(PeerProcessCollection.Name)]
public sealed class FuzzTests
{
    private const int Connections = 400;
    private const int FramesPerConnection = 8;
    private static readonly TimeSpan PerConnection = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Overall = TimeSpan.FromMinutes(3);

    private static readonly string[] Seeds =
    [
        """{"method":"org.varlink.service.GetInfo"}""",
        """{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"org.varlink.certification"}}""",
        """{"method":"org.varlink.certification.Start","parameters":{}}""",
        """{"method":"org.varlink.certification.Test01","parameters":{"client_id":"CLIENT"}}""",
        """{"method":"org.varlink.certification.Test02","parameters":{"client_id":"CLIENT","bool":true},"more":true}""",
        """{"method":"org.varlink.certification.Test03","parameters":{"client_id":"CLIENT","int":1}}""",
        """{"method":"org.varlink.certification.Test04","parameters":{"client_id":"CLIENT","float":1.0}}""",
        """{"method":"org.varlink.certification.Test05","parameters":{"client_id":"CLIENT","string":"ping"}}""",
        """{"method":"org.varlink.certification.Test06","parameters":{"client_id":"CLIENT","bool":false,"int":2,"float":3.14,"string":"s"}}""",
        """{"method":"org.varlink.certification.Test07","parameters":{"client_id":"CLIENT","struct":{"bool":false,"int":2,"float":3.14,"string":"s"}}}""",
        """{"method":"org.varlink.certification.Test08","parameters":{"client_id":"CLIENT","map":{"foo":"Foo","bar":"Bar"}}}""",
        """{"method":"org.varlink.certification.Test09","parameters":{"client_id":"CLIENT","set":{"one":{},"two":{}}}}""",
        """{"method":"org.varlink.certification.Test10","parameters":{"client_id":"CLIENT","mytype":{"object":{},"enum":"two","struct":{"first":1,"second":"2"},"array":[],"dictionary":{},"stringset":{"a":{}},"interface":{"anon":{"foo":true,"bar":false}}}},"more":true}""",
        """{"method":"org.varlink.certification.Test11","parameters":{"client_id":"CLIENT","last_more_replies":["a"]},"oneway":true}""",
        """{"method":"org.varlink.certification.End","parameters":{"client_id":"CLIENT"}}""",
        """{"method":"org.varlink.service.GetInfo","upgrade":true}""",
        """{"method":"org.varlink.service.GetInfo","org.example.vendor":{"x":1}}""",
    ];

    /// <summary>Values put in place of a parameter's value in well-formed calls.</summary>
    private static readonly string[] Values =
        ["\"x\"", "\"\"", "\"CLIENT\"", "0", "-1", "9007199254740993", "1.5", "-0.0", "1e308", "true", "false", "null", "{}", "[]", "{\"a\":1}", "[\"a\",null]", "{\"one\":{}}", "\"two\"", "\"" + new string('s', 2000) + "\""];

    private static readonly string[] Fragments =
        ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "-0", "1e309", "\\u0000", "\"method\"", "\"parameters\"", "\"more\"", "\"oneway\"", "\"upgrade\"", "\"continues\"", "\uFFFF", "\uD800", "0.5"];

    [Fact]
    public async Task ServerSurvivesRandomAndMutatedFramesAndStillServesAGoodClient()
    {
        var failures = new ConcurrentQueue<Exception>();
        using var socket = new TempSocket();
        var server = new VarlinkServer(new VarlinkServerOptions { ConnectionFailed = failures.Enqueue, Limits = new ProtocolLimits { MaxMessageSize = 64 * 1024 } });
        var certification = new CertificationServer();
        server.AddInterface(CertificationData.Description, certification.HandleAsync);
        await using (server)
        {
            server.Listen(socket.Address);

            // A client id the certification server knows, so that fuzzed calls get past its first check.
            string clientId;
            await using (var starter = await VarlinkConnection.ConnectAsync(socket.Address))
            {
                clientId = (await starter.CallAsync(CertificationData.Interface + ".Start").WaitAsync(PerConnection)).GetProperty("client_id").GetString()!;
            }

            var random = new Random(20261125);
            var watch = Stopwatch.StartNew();
            int frames = 0;
            for (int c = 0; c < Connections && watch.Elapsed < Overall; c++)
            {
                // One connection in three sends only well-formed calls: the first bad frame ends a
                // connection, so only these reach the handlers again and again.
                bool wellFormed = random.Next(3) == 0;
                var wire = new MemoryStream();
                for (int f = 0; f < FramesPerConnection; f++, frames++)
                {
                    wire.Write(wellFormed ? WellFormedCall(random, clientId) : NextFrame(random, clientId));
                    if (wellFormed || random.Next(10) > 0)
                    {
                        wire.WriteByte(0);
                    }
                }

                if (random.Next(20) == 0)
                {
                    // Now and then, a frame over the limit.
                    wire.Write(Encoding.UTF8.GetBytes("{\"method\":\"" + new string('x', 70 * 1024) + "\"}\0"));
                }

                await SendAndDrainAsync(socket.Path, wire.ToArray(), halfClose: true);
            }

            // Garbage alone, without our end closing: the server itself must close the connection.
            for (int c = 0; c < 200 && watch.Elapsed < Overall; c++, frames++)
            {
                var garbage = new byte[random.Next(1, 300)];
                random.NextBytes(garbage);
                garbage[0] = (byte)'x';
                garbage[^1] = 0;
                await SendAndDrainAsync(socket.Path, garbage, halfClose: false);
            }

            Assert.True(frames >= 1000, $"only {frames} frames were sent in {watch.Elapsed}");

            // Every failure the server reported is about the bad input (a protocol violation, or the
            // connection ending under it), not a crash of a handler or of the server itself: the server
            // reports a failing handler as an InvalidOperationException, which must not appear here.
            Assert.All(failures, f => Assert.True(f is VarlinkProtocolException or VarlinkConnectionException, f.ToString()));

            await using var good = await VarlinkConnection.ConnectAsync(socket.Address);
            var steps = await CertificationClient.RunAsync(good).WaitAsync(PerConnection);
            Assert.Equal(CertificationData.Steps, steps);
        }
    }

    /// <summary>Sends the bytes, half-closes if asked, and reads until the server closes, within the bound.</summary>
    private static async Task SendAndDrainAsync(string path, byte[] wire, bool halfClose)
    {
        using var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(PerConnection);
        await raw.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
        try
        {
            await raw.SendAsync(wire, SocketFlags.None, timeout.Token);
            if (halfClose)
            {
                raw.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may close before reading everything: that is an answer too.
            return;
        }

        var buffer = new byte[64 * 1024];
        try
        {
            while (await raw.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // Reset by the server after bad input: closed.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server neither answered nor closed a connection within {PerConnection}: {Encoding.UTF8.GetString(wire)}");
        }
    }

    private static byte[] NextFrame(Random random, string clientId)
    {
        switch (random.Next(5))
        {
            case 0:
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes.Select(b => b == 0 ? (byte)'{' : b).ToArray();
            case 1:
                return Encoding.UTF8.GetBytes(RandomEnvelope(random));
            case 2:
                return WellFormedCall(random, clientId);
            default:
                return Mutate(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)].Replace("CLIENT", clientId, StringComparison.Ordinal)));
        }
    }

    private static byte[] WellFormedCall(Random random, string clientId) =>
        Encoding.UTF8.GetBytes(OddValues(random, Seeds[random.Next(Seeds.Length)]).Replace("CLIENT", clientId, StringComparison.Ordinal));

    /// <summary>The seed call, still well-formed, with up to two parameter values replaced (or none).</summary>
    private static string OddValues(Random random, string seed)
    {
        var call = JsonNode.Parse(seed)!.AsObject();
        if (call["parameters"] is not JsonObject parameters)
        {
            return seed;
        }

        for (int replaced = random.Next(3); replaced > 0; replaced--)
        {
            var slots = new List<(JsonNode Parent, object Key)>();
            Collect(parameters, slots);
            if (slots.Count == 0)
            {
                break;
            }

            var (parent, key) = slots[random.Next(slots.Count)];
            var value = JsonNode.Parse(Values[random.Next(Values.Length)]);
            if (parent is JsonObject o)
            {
                o[(string)key] = value;
            }
            else
            {
                ((JsonArray)parent)[(int)key] = value;
            }
        }

        return call.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> slots)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, child) in o)
            {
                slots.Add((o, key));
                if (child is not null)
                {
                    Collect(child, slots);
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (int i = 0; i < a.Count; i++)
            {
                slots.Add((a, i));
                if (a[i] is { } child)
                {
                    Collect(child, slots);
                }
            }
        }
    }

    private static string RandomEnvelope(Random random)
    {
        string[] keys = ["method", "parameters", "more", "oneway", "upgrade", "continues", "error", "x", "org.example.v"];
        string[] values = ["\"org.varlink.service.GetInfo\"", "\"org.varlink.certification.Start\"", "\"a\"", "\"\"", "true", "false", "null", "{}", "[]", "1", "{\"client_id\":\"x\"}", "{\"interface\":\"org.varlink.service\"}", "{\"interface\":7}"];
        var members = Enumerable.Range(0, random.Next(0, 5)).Select(_ => $"\"{keys[random.Next(keys.Length)]}\":{values[random.Next(values.Length)]}");
        return "{" + string.Join(',', members) + "}";
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var data = new List<byte>(seed);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && data.Count > 0; m++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(5))
            {
                case 0:
                    data[at] = (byte)random.Next(1, 256);
                    break;
                case 1:
                    data.RemoveRange(at, Math.Min(random.Next(1, 10), data.Count - at));
                    break;
                case 2:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    data.InsertRange(at, data.GetRange(at, Math.Min(random.Next(1, 30), data.Count - at)));
                    break;
            }
        }

        return data.ToArray();
    }
}
