using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Podman.Client;

namespace Podman.Cli;

/// <summary>
/// podman-remote's container verbs: <c>ps</c>, <c>create</c>, <c>run</c>, <c>start</c>, <c>stop</c>, <c>restart</c>,
/// <c>kill</c>, <c>pause</c>, <c>unpause</c>, <c>rm</c>, <c>logs</c>, <c>inspect</c>, <c>top</c>, <c>stats</c>,
/// <c>wait</c>, <c>exec</c>, <c>attach</c>, <c>export</c>, <c>cp</c>.
/// </summary>
internal static partial class ContainerCommand
{
    private static readonly Column[] PsColumns =
    [
        new("CONTAINER ID", "ID"), new("IMAGE", "Image"), new("COMMAND", "Command"), new("CREATED", "Created"),
        new("STATUS", "Status"), new("PORTS", "Ports"), new("NAMES", "Names"),
    ];

    public static IEnumerable<Command> Build() =>
    [
        BuildPs(), BuildCreate(), BuildRun(), BuildStart(), BuildStop(), BuildRestart(), BuildKill(), BuildPause(true), BuildPause(false),
        BuildRemove(), BuildLogs(), BuildInspect(), BuildTop(), BuildStats(), BuildWait(), Sessions.BuildExec(), Sessions.BuildAttach(), BuildExport(), CopyCommand.Build(),
    ];

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static Command BuildPs()
    {
        var all = new Option<bool>("--all", "-a") { Description = "All containers (default: the running ones)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Full IDs" };
        var pod = new Option<bool>("--pod") { Description = "Show the pod of each container" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "KEY=VALUE filters (status=exited, name=web, label=a=b, ancestor=IMAGE, id=ID, pod=POD)" };
        var last = new Option<int?>("--last", "-n") { Description = "The last N containers created" };
        var latest = new Option<bool>("--latest", "-l") { Description = "The container created last" };
        var format = Listing.FormatOption();
        var command = Verb.Create("ps", "List containers", all, quiet, noTrunc, pod, filter, last, latest, format);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string? shape = parse.GetValue(format);
            bool full = parse.GetValue(noTrunc) || shape == "json";
            bool withPod = parse.GetValue(pod);
            IReadOnlyList<ContainerPsEntry> entries = await podman.Containers.PsAsync(
                new ContainerPsParameters
                {
                    All = parse.GetValue(all), Filters = parse.GetValue(filter) ?? [], Last = parse.GetValue(last), Latest = parse.GetValue(latest),
                    NoTrunc = full, Pod = withPod || shape is not (null or "" or "table"),
                },
                token);
            var now = DateTimeOffset.UtcNow;
            List<JsonObject> rows = [.. entries.OrderByDescending(e => e.Created).Select(e => PsRow(e, now, full))];
            if (parse.GetValue(quiet))
            {
                foreach (JsonObject row in rows)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync((string)row["ID"]!);
                }

                return ExitCodes.Success;
            }

            Column[] columns = withPod ? [.. PsColumns, new("POD", "Pod")] : PsColumns;
            await Listing.WriteAsync(parse, shape, rows, columns);
            return ExitCodes.Success;
        }));
        return command;
    }

    internal static JsonObject PsRow(ContainerPsEntry entry, DateTimeOffset now, bool fullId) => new()
    {
        ["ID"] = fullId ? entry.Id : Short(entry.Id),
        ["Image"] = entry.Image,
        ["Command"] = entry.Command,
        ["Created"] = Human.Ago(entry.Created, now),
        ["CreatedAt"] = Human.Timestamp(entry.Created),
        ["Status"] = entry.Status,
        ["State"] = entry.State.ToString().ToLowerInvariant(),
        ["Ports"] = entry.Ports,
        ["Names"] = entry.Names,
        ["Pod"] = entry.Pod,
        ["PID"] = entry.Pid,
        ["IsInfra"] = entry.IsInfra,
        ["Labels"] = Map(entry.Labels),
        ["StartedAt"] = Human.Timestamp(entry.StartedAt),
        ["ExitedAt"] = Human.Timestamp(entry.ExitedAt),
    };

    internal static JsonObject Map(IReadOnlyDictionary<string, string> map) => new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    private static Command BuildStop()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var timeout = Verb.Seconds("--time", "Seconds to wait for the stop signal to end the container before it is killed", 10);
        timeout.Aliases.Add("-t");
        var command = Verb.Create("stop", "Stop running containers (stop signal, then SIGKILL after --time); prints each one's ID", timeout, names);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
            EachAsync(parse, parse.GetRequiredValue(names), name => podman.Containers.StopAsync(name, TimeSpan.FromSeconds(parse.GetValue(timeout)), token))));
        return command;
    }

    private static Command BuildRestart()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var timeout = Verb.Seconds("--time", "Seconds to wait for the stop before the kill", 10);
        timeout.Aliases.Add("-t");
        var command = Verb.Create("restart", "Restart containers; prints each one's ID", timeout, names);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
            EachAsync(parse, parse.GetRequiredValue(names), name => podman.Containers.RestartAsync(name, TimeSpan.FromSeconds(parse.GetValue(timeout)), token))));
        return command;
    }

    private static Command BuildKill()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var signal = new Option<string>("--signal", "-s") { Description = "The signal: a number, or a name (KILL, SIGTERM, HUP…)", DefaultValueFactory = _ => "KILL" };
        var command = Verb.Create("kill", "Send a signal to running containers (default KILL); prints each one's ID", signal, names);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
        {
            int number = Signals.Parse(parse.GetRequiredValue(signal));
            return EachAsync(parse, parse.GetRequiredValue(names), name => podman.Containers.KillAsync(name, number, token));
        }));
        return command;
    }

    private static Command BuildPause(bool pause)
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var command = Verb.Create(pause ? "pause" : "unpause", pause ? "Pause running containers" : "Unpause paused containers", names);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
            EachAsync(parse, parse.GetRequiredValue(names), name => pause ? podman.Containers.PauseAsync(name, token) : podman.Containers.UnpauseAsync(name, token))));
        return command;
    }

    private static Command BuildRemove()
    {
        var names = Verb.Names("CONTAINER", "The containers", optional: true);
        var force = new Option<bool>("--force", "-f") { Description = "Remove running containers too (they are killed)" };
        var volumes = new Option<bool>("--volumes", "-v") { Description = "Remove the containers' anonymous volumes" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove every container" };
        var command = Verb.Create("rm", "Remove containers; prints each one's ID. Exit 1: one did not exist; 2: one is running (without --force)", force, volumes, all, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<string> targets = parse.GetValue(all)
                ? await podman.Containers.ResolveAsync([], all: true, cancellationToken: token)
                : parse.GetValue(names) ?? [];
            if (targets.Count == 0 && !parse.GetValue(all))
            {
                throw new UsageException("rm needs at least one container, or --all");
            }

            return await EachAsync(parse, targets, name => podman.Containers.RemoveAsync(name, parse.GetValue(force), parse.GetValue(volumes), token), removeCodes: true);
        }));
        return command;
    }

    private static Command BuildLogs()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the container exits" };
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Each line's time first" };
        var since = new Option<string?>("--since") { Description = "Lines after this time (RFC 3339, or a duration: 10m)" };
        tail.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int n) && n < 0)
            {
                result.AddError("--tail must be 0 or more lines");
            }
        });
        var command = Verb.Create("logs", "Print containers' output (stdout here, stderr to stderr)", follow, tail, timestamps, since, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var parameters = new ContainerLogsParameters
            {
                Follow = parse.GetValue(follow),
                Tail = parse.GetValue(tail),
                Timestamps = true,
                Since = parse.GetValue(since) is { } text ? Times.Parse(text, "--since") : null,
            };
            foreach (string name in parse.GetRequiredValue(names))
            {
                try
                {
                    await CopyLogsAsync(podman, name, parameters, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(timestamps), token);
                }
                catch (PodmanRemoteException e) when (parameters.Follow && e is not PodmanNotFoundException && !token.IsCancellationRequested)
                {
                    // A followed stream ends with an error once the container has exited: its output is all in.
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildInspect()
    {
        var names = Verb.Names("NAME", "Containers, images, pods or volumes (see --type)");
        var type = Cli.OneOf(new Option<string>("--type") { Description = "container, image, pod, volume or all (default: a container, else an image)", DefaultValueFactory = _ => "all" }, "all", "container", "image", "pod", "volume");
        var format = Listing.Checked(new Option<string?>("--format", "-f") { Description = "json (default) or a Go template: '{{.State.Status}}', '{{.Config.Image}}'" });
        var size = new Option<bool>("--size", "-s") { Description = "Containers: include their sizes" };
        var command = Verb.Create("inspect", "Print the full configuration and state of containers, images, pods or volumes as JSON", type, format, size, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var items = new List<JsonNode>();
            foreach (string name in parse.GetRequiredValue(names))
            {
                items.Add(await InspectAsync(podman, name, parse.GetRequiredValue(type), parse.GetValue(size), token));
            }

            await Listing.WriteInspectAsync(parse, parse.GetValue(format), items);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<JsonNode> InspectAsync(PodmanClient podman, string name, string type, bool size, CancellationToken token)
    {
        JsonElement found = type switch
        {
            "container" => await podman.Containers.InspectDataAsync(name, size, token),
            "image" => await podman.Images.InspectAsync(name, token),
            "pod" => await podman.Pods.InspectAsync(name, token),
            "volume" => await podman.Volumes.InspectAsync(name, token),
            _ => await podman.Containers.ExistsAsync(name, token)
                ? await podman.Containers.InspectDataAsync(name, size, token)
                : await podman.Images.ExistsAsync(name, token)
                    ? await podman.Images.InspectAsync(name, token)
                    : throw new UsageException($"no such container or image: {name}"),
        };

        // Volume inspect answers a list; the others one object.
        return JsonNode.Parse(found.GetRawText()) switch
        {
            JsonArray { Count: 1 } one => one[0]!.DeepClone(),
            { } node => node,
            null => throw new UsageException($"{name}: the service answered null"),
        };
    }

    private static Command BuildTop()
    {
        var name = Verb.Name("CONTAINER", "A running container");
        var descriptors = new Argument<string[]>("DESCRIPTORS") { Description = "ps columns: user pid ppid pcpu etime tty time args (default), or ps(1) options", Arity = ArgumentArity.ZeroOrMore };
        var command = Verb.Create("top", "Show the processes of a running container", name, descriptors);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<string> lines = await podman.Containers.TopAsync(parse.GetRequiredValue(name), parse.GetValue(descriptors) is { Length: > 0 } d ? d : null, token);
            if (lines.Count > 0)
            {
                string[][] cells = [.. lines.Select(l => l.Split('\t'))];
                await parse.InvocationConfiguration.Output.WriteAsync(Listing.Table(cells[0], cells[1..]));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildWait()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var interval = new Option<int>("--interval", "-i") { Description = "Milliseconds between the service's checks", DefaultValueFactory = _ => 250 };
        var command = Verb.Create("wait", "Wait until containers stop; prints each one's exit code", interval, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            foreach (string name in parse.GetRequiredValue(names))
            {
                int code = await podman.Containers.WaitAsync(name, TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(interval))), token);
                await parse.InvocationConfiguration.Output.WriteLineAsync(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildExport()
    {
        var name = Verb.Name("CONTAINER", "The container");
        var output = new Option<string>("--output", "-o") { Description = "The tar file here", Required = true };
        var command = Verb.Create("export", "Export a container's filesystem as a tar file here", output, name);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            // As podman-remote did: the service writes the tar to a transfer file of its own naming (an empty
            // path), the only kind ReceiveFile sends, and ReceiveFile brings it here.
            string remote = await podman.Containers.ExportAsync(parse.GetRequiredValue(name), string.Empty, token);
            await ImageCommand.ReceiveAsync(podman, remote, parse.GetRequiredValue(output), token);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Runs an action for each name, printing what it returns; failures are printed and the rest go on. Exit code
    /// 0, else 125; with <paramref name="removeCodes"/> as podman's rm and rmi: 1 when only missing objects
    /// failed, 2 when one is running or in use.
    /// </summary>
    internal static async Task<int> EachAsync(ParseResult parse, IEnumerable<string> names, Func<string, Task<string>> action, bool removeCodes = false)
    {
        int code = ExitCodes.Success;
        foreach (string name in names)
        {
            try
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(await action(name));
            }
            catch (PodmanRemoteException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"podman-cli: {Cli.Describe(e)}");
                int failure = e switch
                {
                    PodmanNotFoundException when removeCodes => ExitCodes.NoSuchObject,
                    PodmanStateException when removeCodes => ExitCodes.InUse,
                    _ => ExitCodes.ToolError,
                };
                code = Math.Max(code, failure);
            }
        }

        return code;
    }
}
