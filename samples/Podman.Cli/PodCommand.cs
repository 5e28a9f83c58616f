using System.CommandLine;
using System.Text.Json.Nodes;
using Podman.Client;

namespace Podman.Cli;

/// <summary><c>pod create|ps|start|stop|restart|kill|rm|inspect</c> as podman-remote has them.</summary>
internal static class PodCommand
{
    private static readonly Column[] PodColumns =
    [
        new("POD ID", "ID"), new("NAME", "Name"), new("STATUS", "Status"), new("CREATED", "Created"), new("# OF CONTAINERS", "NumberOfContainers"),
    ];

    public static Command Build() => new("pod", "Manage pods: groups of containers that share namespaces")
    {
        BuildCreate(), BuildPs(), BuildEach("start", "Start pods", (p, n, _, t) => p.Pods.StartAsync(n, t)),
        BuildStop(), BuildEach("restart", "Restart pods", (p, n, _, t) => p.Pods.RestartAsync(n, t)),
        BuildKill(), BuildRemove(), BuildInspect(),
    };

    private static Command BuildCreate()
    {
        var name = new Option<string?>("--name", "-n") { Description = "The pod's name" };
        var label = new Option<string[]>("--label", "-l") { Description = "KEY=VALUE label" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "Publish a port of the pod: [[IP:]HOSTPORT:]CONTAINERPORT[/PROTOCOL]" };
        var infra = new Option<bool>("--infra") { Description = "Create an infra container that holds the namespaces (--infra=false: none)", DefaultValueFactory = _ => true };
        var share = new Option<string?>("--share") { Description = "Namespaces to share, comma-separated (podman's default: cgroup,ipc,net,uts)", DefaultValueFactory = _ => "cgroup,ipc,net,uts" };
        var command = Verb.Create("create", "Create a pod; prints its ID", name, label, publish, infra, share);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string id = await podman.Pods.CreateAsync(
                new PodCreateParameters
                {
                    Name = parse.GetValue(name),
                    Labels = Verb.Pairs(parse.GetValue(label) ?? [], "--label"),
                    Publish = parse.GetValue(publish) ?? [],
                    Infra = parse.GetValue(infra),
                    Share = parse.GetValue(share) is { Length: > 0 } s ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
                },
                token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildPs()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Full IDs" };
        var format = Listing.FormatOption();
        var command = Verb.Create("ps", "List pods", quiet, noTrunc, format);
        command.Aliases.Add("ls");
        command.Aliases.Add("list");
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<PodSummary> pods = await podman.Pods.ListAsync(token);
            string? shape = parse.GetValue(format);
            bool full = parse.GetValue(noTrunc) || shape == "json";
            var now = DateTimeOffset.UtcNow;
            List<JsonObject> rows = [.. pods.OrderByDescending(p => p.Created).Select(p => new JsonObject
            {
                ["ID"] = full ? p.Id : ContainerCommand.Short(p.Id),
                ["Name"] = p.Name,
                ["Status"] = p.Status,
                ["Created"] = Human.Ago(p.Created, now),
                ["CreatedAt"] = Human.Timestamp(p.Created),
                ["NumberOfContainers"] = p.Containers.Count,
                ["CgroupParent"] = p.CgroupParent,
                ["Labels"] = ContainerCommand.Map(p.Labels),
                ["Containers"] = new JsonArray([.. p.Containers.Select(c => (JsonNode?)new JsonObject
                {
                    ["ID"] = full ? c.Id : ContainerCommand.Short(c.Id),
                    ["Name"] = c.Name,
                    ["Status"] = c.State.ToString().ToLowerInvariant(),
                })]),
            })];
            if (parse.GetValue(quiet))
            {
                foreach (JsonObject row in rows)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync((string)row["ID"]!);
                }

                return ExitCodes.Success;
            }

            await Listing.WriteAsync(parse, shape, rows, PodColumns);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildStop()
    {
        var timeout = Verb.Seconds("--time", "Seconds to wait for each container to stop before it is killed", 10);
        timeout.Aliases.Add("-t");
        return BuildEach("stop", "Stop pods", (p, n, parse, t) => p.Pods.StopAsync(n, TimeSpan.FromSeconds(parse.GetValue(timeout)), t), timeout);
    }

    private static Command BuildKill()
    {
        var signal = new Option<string>("--signal", "-s") { Description = "The signal (default KILL)", DefaultValueFactory = _ => "KILL" };
        return BuildEach("kill", "Send a signal to the pods' containers", (p, n, parse, t) => p.Pods.KillAsync(n, Signals.Parse(parse.GetRequiredValue(signal)), t), signal);
    }

    private static Command BuildRemove()
    {
        var force = new Option<bool>("--force", "-f") { Description = "Stop and remove the pods' containers first" };
        var command = BuildEach("rm", "Remove pods; prints each one's ID. Exit 1: one did not exist; 2: one has containers (without --force)", (p, n, parse, t) => p.Pods.RemoveAsync(n, parse.GetValue(force), t), force);
        return command;
    }

    private static Command BuildInspect()
    {
        var names = Verb.Names("POD", "The pods");
        var format = Listing.Checked(new Option<string?>("--format", "-f") { Description = "json (default) or a Go template: '{{.Config.name}}'" });
        var command = Verb.Create("inspect", "Print pods' configuration and state as JSON", format, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var items = new List<JsonNode>();
            foreach (string name in parse.GetRequiredValue(names))
            {
                items.Add(JsonNode.Parse((await podman.Pods.InspectAsync(name, token)).GetRawText())!);
            }

            await Listing.WriteInspectAsync(parse, parse.GetValue(format), items);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildEach(string verb, string description, Func<PodmanClient, string, ParseResult, CancellationToken, Task<string>> action, params Option[] options)
    {
        var names = Verb.Names("POD", "The pods");
        var command = Verb.Create(verb, description + "; prints each one's ID", [.. options, names]);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
            ContainerCommand.EachAsync(parse, parse.GetRequiredValue(names), name => action(podman, name, parse, token), removeCodes: verb == "rm")));
        return command;
    }
}
