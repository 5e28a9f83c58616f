using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>
/// Thousands of random and mutated frames against a server on a real unix socket: every connection
/// is answered or closed within a bound, and a well-behaved client is served afterwards.
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
        """{"method":"org.varlink.certification.Test02","parameters":{"client_id":"x","bool":true},"more":true}""",
        """{"method":"org.varlink.certification.Test07","parameters":{"client_id":"x","struct":{"bool":false,"int":2,"float":3.14,"string":"s"}}}""",
        """{"method":"org.varlink.certification.Test10","parameters":{"client_id":"x","mytype":{"object":{},"enum":"two","struct":{"first":1,"second":"2"},"array":[],"dictionary":{},"stringset":{"a":{}},"interface":{"anon":{"foo":true,"bar":false}}}},"more":true}""",
        """{"method":"org.varlink.certification.Test11","parameters":{"client_id":"x","last_more_replies":["a"]},"oneway":true}""",
        """{"method":"org.varlink.service.GetInfo","upgrade":true}""",
        """{"method":"org.varlink.service.GetInfo","org.example.vendor":{"x":1}}""",
    ];

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
            var random = new Random(20261125);
            var watch = Stopwatch.StartNew();
            int frames = 0;
            for (int c = 0; c < Connections && watch.Elapsed < Overall; c++)
            {
                var wire = new MemoryStream();
                for (int f = 0; f < FramesPerConnection; f++, frames++)
                {
                    wire.Write(NextFrame(random));
                    if (random.Next(10) > 0)
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

            // Every failure the server reported is about the bad input, not a crash of the server itself.
            Assert.All(failures, f => Assert.True(f is VarlinkProtocolException or VarlinkConnectionException or InvalidOperationException, f.ToString()));

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

    private static byte[] NextFrame(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes.Select(b => b == 0 ? (byte)'{' : b).ToArray();
            case 1:
                return Encoding.UTF8.GetBytes(RandomEnvelope(random));
            default:
                return Mutate(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
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
