namespace Varlink.TestPeers;

/// <summary>The org.example.bench service on Varlink.Net (typed replies, source-generated JSON).</summary>
public static class BenchServer
{
    public const string Interface = "org.example.bench";

    public static string Description { get; } = CertificationData.ReadResource("org.example.bench.varlink");

    public static VarlinkServer CreateServer()
    {
        var server = new VarlinkServer(new VarlinkServerOptions { Vendor = "varlink-bench", Product = "bench-dotnet", Version = "1" });
        server.AddInterface(Description, HandleAsync);
        return server;
    }

    public static async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        var json = BenchJsonContext.Default;
        switch (call.MethodName)
        {
            case "Ping":
                var ping = call.GetParameters(json.PingParameters);
                await call.ReplyAsync(new PingReply(ping.Ping), json.PingReply, cancellationToken: cancellationToken);
                break;
            case "Stream":
                var stream = call.GetParameters(json.StreamParameters);
                if (stream.Count < 1)
                {
                    throw VarlinkServiceErrors.CreateInvalidParameter("count");
                }

                if (stream.Size < 0 || stream.Size > 16 * 1024 * 1024)
                {
                    throw VarlinkServiceErrors.CreateInvalidParameter("size");
                }

                var reply = new StreamReply(new string('x', (int)stream.Size));
                if (!call.WantsMore)
                {
                    await call.ReplyAsync(reply, json.StreamReply, cancellationToken: cancellationToken);
                    break;
                }

                for (long i = 1; i <= stream.Count; i++)
                {
                    await call.ReplyAsync(reply, json.StreamReply, continues: i < stream.Count, cancellationToken);
                }

                break;
            case "Echo":
                var echo = call.GetParameters(json.EchoMessage);
                await call.ReplyAsync(echo, json.EchoMessage, cancellationToken: cancellationToken);
                break;
        }
    }
}
