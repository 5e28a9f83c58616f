using System.Globalization;

namespace Varlink.PeerComparison;

/// <summary>
/// Runs every client × server pair once per repetition (pairs interleaved, so that a noisy minute
/// spreads over all of them), each against a freshly started server, and then the raw floor.
/// Any failure (a server that does not start or dies, a client that fails or leaves a figure out)
/// stops the whole comparison with an exception that carries the processes' output.
/// </summary>
internal sealed class ComparisonRunner(ComparisonOptions options, TextWriter log)
{
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ServerStopTimeout = TimeSpan.FromSeconds(15);

    public async Task<ComparisonResults> RunAsync()
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var socket = Path.Combine(options.WorkDirectory, "bench.sock");
        var timeFile = Path.Combine(options.WorkDirectory, "server.time");
        var duration = options.Duration.ToString(CultureInfo.InvariantCulture);
        var tests = string.Join(',', Figure.ClientFigures.Select(f => f.Test));
        string[] clientFlags = ["--varlink", "unix:" + socket, "--duration", duration, "--tests", tests, "--depth", "100"];
        string[] floorFlags = ["--duration", duration, "--tests", tests, "--depth", "100"];
        // Four figures of `duration` each, plus warm-up, start-up and a slow 1 MiB echo: generous.
        var clientTimeout = TimeSpan.FromSeconds((Figure.ClientFigures.Count * options.Duration * 3) + 120);

        var results = new ComparisonResults();
        for (var rep = 1; rep <= options.Repetitions; rep++)
        {
            foreach (var server in options.Servers)
            {
                foreach (var client in options.Clients)
                {
                    var pair = new PairKey(client.Name, server.Name);
                    log.WriteLine($"[{rep}/{options.Repetitions}] {pair}");
                    using var process = await ServerProcess.StartAsync(server, socket, timeFile, ServerStartTimeout);
                    var figures = await ClientProcess.RunAsync(client, clientFlags, clientTimeout);
                    if (!process.IsRunning)
                    {
                        throw new InvalidOperationException($"server {server.Name} exited while {client.Name} was measuring it:\n{process.Output}");
                    }

                    var rssKiB = await process.StopAsync(ServerStopTimeout);
                    foreach (var (name, value) in figures)
                    {
                        results.Add(pair, name, value);
                    }

                    results.Add(pair, Figure.ServerPeakRss.Name, rssKiB / 1024.0);
                    log.WriteLine("    " + string.Join("  ", figures.Select(f => $"{f.Key}={f.Value.ToString("0.##", CultureInfo.InvariantCulture)}"))
                        + $"  server_peak_rss_kib={rssKiB}");
                }
            }

            if (options.Floor is { } floor)
            {
                log.WriteLine($"[{rep}/{options.Repetitions}] {PairKey.Floor}");
                var figures = await ClientProcess.RunAsync(new Peer(PairKey.Floor.Client, floor, []), floorFlags, clientTimeout);
                foreach (var (name, value) in figures)
                {
                    results.Add(PairKey.Floor, name, value);
                }
            }
        }

        File.Delete(socket);
        return results;
    }
}
