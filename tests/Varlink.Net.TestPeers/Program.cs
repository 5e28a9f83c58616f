using System.Globalization;
using Varlink;
using Varlink.TestPeers;

// varlink-dotnet-peers COMMAND --varlink ADDRESS [options]
//   serve-bench            serve org.example.bench until SIGINT/SIGTERM
//   serve-certification    serve org.varlink.certification until SIGINT/SIGTERM
//   bench-client           [--tests seq,pipe,stream,echo] [--duration S] [--depth N]
//                          [--stream-count N] [--stream-size N] [--echo-size N]; prints RESULT lines
//   certification-client   drives a certification server; prints "End: 'true'" on success
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Varlink.Net.TestPeers serve-bench|serve-certification|bench-client|certification-client --varlink ADDRESS [options]");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

if (!options.TryGetValue("varlink", out var address))
{
    Console.Error.WriteLine("--varlink ADDRESS is required");
    return 2;
}

string Option(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;

switch (args[0])
{
    case "serve-bench":
    case "serve-certification":
    {
        await using var server = args[0] == "serve-bench" ? BenchServer.CreateServer() : CertificationServer.CreateServer(out _);
        var stopped = new TaskCompletionSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
        string bound = server.Listen(address);
        Console.Error.WriteLine($"{args[0]} listening on {bound}");
        await stopped.Task;
        return 0;
    }

    case "bench-client":
    {
        var settings = new BenchClient.Settings(
            address,
            double.Parse(Option("duration", "2"), CultureInfo.InvariantCulture),
            int.Parse(Option("depth", "100"), CultureInfo.InvariantCulture),
            long.Parse(Option("stream-count", "10000"), CultureInfo.InvariantCulture),
            long.Parse(Option("stream-size", "16"), CultureInfo.InvariantCulture),
            int.Parse(Option("echo-size", "1048576"), CultureInfo.InvariantCulture));
        await BenchClient.RunAsync(settings, Option("tests", "seq,pipe,stream,echo").Split(','), Console.Out);
        return 0;
    }

    case "certification-client":
    {
        await using var connection = await VarlinkConnection.ConnectAsync(address);
        try
        {
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
    }

    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
