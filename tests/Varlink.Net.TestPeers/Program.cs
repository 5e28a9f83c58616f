using System.Globalization;
using System.Runtime.InteropServices;
using Varlink;
using Varlink.TestPeers;

// Varlink.Net.TestPeers COMMAND [options]
//   serve-bench --varlink ADDRESS            serve org.example.bench until SIGINT/SIGTERM
//   serve-certification --varlink ADDRESS    serve org.varlink.certification until SIGINT/SIGTERM
//   serve-stdio --service bench|certification       serve one connection on stdin/stdout (exec: transport)
//   serve-activated --service bench|certification   serve the LISTEN_FDS sockets (socket activation)
//   bench-client --varlink ADDRESS [--tests seq,pipe,stream,echo] [--duration S] [--depth N]
//                [--stream-count N] [--stream-size N] [--echo-size N]      prints RESULT lines
//                [--continuations async|inline]   inline: VarlinkConnectionOptions.AllowSynchronousContinuations
//                [--client connection|varlinkclient]   varlinkclient: through VarlinkClient (Varlink.Net.Extensions)
//   certification-client --varlink ADDRESS   drives a certification server; prints "End: 'true'" on success
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Varlink.Net.TestPeers serve-bench|serve-certification|serve-stdio|serve-activated|bench-client|certification-client [--varlink ADDRESS] [options]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Option(string name, string? fallback = null)
    => options.TryGetValue(name, out var value) ? value
        : fallback ?? throw new ArgumentException($"--{name} is required");

VarlinkServer CreateServer(string service) => service switch
{
    "bench" => BenchServer.CreateServer(),
    "certification" => CertificationServer.CreateServer(out _),
    _ => throw new ArgumentException($"unknown service {service}"),
};

async Task WaitForSignalAsync()
{
    var stopped = new TaskCompletionSource();
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
    await stopped.Task;
}

switch (args[0])
{
    case "serve-bench":
    case "serve-certification":
    {
        await using var server = CreateServer(args[0]["serve-".Length..]);
        string bound = server.Listen(Option("varlink"));
        Console.Error.WriteLine($"{args[0]} listening on {bound}");
        await WaitForSignalAsync();
        return 0;
    }

    case "serve-stdio":
    {
        await using var server = CreateServer(Option("service"));
        await server.ServeAsync(Console.OpenStandardInput(), Console.OpenStandardOutput());
        return 0;
    }

    case "serve-activated":
    {
        await using var server = CreateServer(Option("service"));
        int sockets = server.ListenActivated();
        if (sockets == 0)
        {
            Console.Error.WriteLine("not socket-activated (no LISTEN_FDS for this process)");
            return 1;
        }

        await WaitForSignalAsync();
        return 0;
    }

    case "bench-client":
    {
        var settings = new BenchClient.Settings(
            Option("varlink"),
            double.Parse(Option("duration", "2"), CultureInfo.InvariantCulture),
            int.Parse(Option("depth", "100"), CultureInfo.InvariantCulture),
            long.Parse(Option("stream-count", "10000"), CultureInfo.InvariantCulture),
            long.Parse(Option("stream-size", "16"), CultureInfo.InvariantCulture),
            int.Parse(Option("echo-size", "1048576"), CultureInfo.InvariantCulture),
            Option("continuations", "async") switch
            {
                "async" => false,
                "inline" => true,
                var other => throw new ArgumentException($"--continuations {other}: async or inline"),
            },
            Option("client", "connection") switch
            {
                "connection" => false,
                "varlinkclient" => true,
                var other => throw new ArgumentException($"--client {other}: connection or varlinkclient"),
            });
        await BenchClient.RunAsync(settings, Option("tests", "seq,pipe,stream,echo").Split(','), Console.Out);
        return 0;
    }

    case "certification-client":
    {
        // Every failure is reported as one line and exit code 1, never as an unhandled exception.
        try
        {
            await using var connection = await VarlinkConnection.ConnectAsync(Option("varlink"));
            var steps = await CertificationClient.RunAsync(connection);
            Console.WriteLine($"passed: {string.Join(' ', steps)}");
            Console.WriteLine("End: 'true'");
            return 0;
        }
        catch (CertificationFailure e)
        {
            Console.WriteLine(e.Message);
            return 1;
        }
        catch (VarlinkConnectionException e)
        {
            Console.WriteLine($"Certification failed: cannot connect: {e.Message}");
            return 1;
        }
    }

    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
