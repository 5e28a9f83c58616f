using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Podman.Client;
using Spectre.Console;

namespace Podman.Cli;

/// <summary><c>stats</c>: CPU, memory, network and block I/O of containers, once or refreshed every interval.</summary>
internal static partial class ContainerCommand
{
    private static readonly Column[] StatsColumns =
    [
        new("ID", "ID"), new("NAME", "Name"), new("CPU %", "CPUPerc"), new("MEM USAGE / LIMIT", "MemUsage"), new("MEM %", "MemPerc"),
        new("NET IO", "NetIO"), new("BLOCK IO", "BlockIO"), new("PIDS", "PIDS"),
    ];

    private static Command BuildStats()
    {
        var names = Verb.Names("CONTAINER", "The containers (default: the running ones)", optional: true);
        var all = new Option<bool>("--all", "-a") { Description = "All containers, not only the running ones" };
        var noStream = new Option<bool>("--no-stream") { Description = "One sample, then exit" };
        var interval = new Option<int>("--interval", "-i") { Description = "Seconds between samples", DefaultValueFactory = _ => 1 };
        var format = Listing.FormatOption();
        var command = Verb.Create("stats", "Show containers' resource use (a live table on a terminal; Ctrl-C ends it)", all, noStream, interval, format, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string[] given = parse.GetValue(names) ?? [];
            async Task<List<JsonObject>> SampleAsync()
            {
                IEnumerable<string> ids = given.Length > 0
                    ? given
                    : (await podman.Containers.PsAsync(new ContainerPsParameters { All = parse.GetValue(all) }, token)).Where(c => !c.IsInfra).Select(c => c.Id);
                var rows = new List<JsonObject>();
                foreach (string id in ids)
                {
                    rows.Add(StatsRow(await podman.Containers.GetStatsAsync(id, token)));
                }

                return rows;
            }

            string? shape = parse.GetValue(format);
            if (parse.GetValue(noStream))
            {
                await Listing.WriteAsync(parse, shape, await SampleAsync(), StatsColumns);
                return ExitCodes.Success;
            }

            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(interval))));
            if (!Console.IsOutputRedirected && shape is null or "table")
            {
                await AnsiConsole.Live(new Text(string.Empty)).StartAsync(async live =>
                {
                    do
                    {
                        List<JsonObject> rows = await SampleAsync();
                        live.UpdateTarget(new Text(Listing.Table([.. StatsColumns.Select(c => c.Header)], rows.Select(r => StatsColumns.Select(c => GoTemplate.Print(r[c.Field])).ToArray()))));
                    }
                    while (await timer.WaitForNextTickAsync(token));
                });
                return ExitCodes.Success;
            }

            do
            {
                await Listing.WriteAsync(parse, shape, await SampleAsync(), StatsColumns);
                await parse.InvocationConfiguration.Output.FlushAsync(token);
            }
            while (await timer.WaitForNextTickAsync(token));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonObject StatsRow(ContainerStats stats) => new()
    {
        ["ID"] = Short(stats.Id),
        ["Name"] = stats.Name,
        ["CPUPerc"] = Percent(stats.CpuPercent),
        ["MemUsage"] = $"{Human.Size(stats.MemoryUsage)} / {Human.Size(stats.MemoryLimit)}",
        ["MemPerc"] = Percent(stats.MemoryPercent),
        ["NetIO"] = $"{Human.Size(stats.NetworkInput)} / {Human.Size(stats.NetworkOutput)}",
        ["BlockIO"] = $"{Human.Size(stats.BlockInput)} / {Human.Size(stats.BlockOutput)}",
        ["PIDS"] = stats.Pids,
        ["CPU"] = stats.CpuPercent,
        ["MemUsageBytes"] = stats.MemoryUsage,
        ["MemLimitBytes"] = stats.MemoryLimit,
    };

    private static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
