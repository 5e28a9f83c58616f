using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Podman.Client;

namespace Podman.Cli;

/// <summary><c>info</c>, <c>version</c>, <c>events</c> and <c>generate kube</c>.</summary>
internal static class SystemVerbs
{
    public static IEnumerable<Command> Build() => [BuildInfo(), BuildVersion(), BuildEvents(), BuildGenerate()];

    private static Command BuildInfo()
    {
        var format = Listing.Checked(new Option<string?>("--format", "-f") { Description = "yaml (default), json, or a Go template: '{{.Host.Kernel}}'" });
        var command = Verb.Create("info", "Show the machine's podman: host, storage, registries", format);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            PodmanSystemInfo info = await podman.System.GetInfoAsync(token);
            PodmanHostInfo host = info.Host;
            var node = new JsonObject
            {
                ["Host"] = new JsonObject
                {
                    ["Hostname"] = host.Hostname,
                    ["Os"] = host.Os,
                    ["Arch"] = host.Arch,
                    ["Kernel"] = host.Kernel,
                    ["Distribution"] = $"{host.Distribution} {host.DistributionVersion}".Trim(),
                    ["Cpus"] = host.Cpus,
                    ["MemTotal"] = host.MemoryTotal,
                    ["MemFree"] = host.MemoryFree,
                    ["SwapTotal"] = host.SwapTotal,
                    ["SwapFree"] = host.SwapFree,
                    ["Uptime"] = host.Uptime is { } up ? Human.Duration(up) : string.Empty,
                    ["EventLogger"] = host.EventLogger,
                    ["BuildahVersion"] = host.BuildahVersion,
                },
                ["Store"] = new JsonObject
                {
                    ["ContainerCount"] = info.Store.Containers,
                    ["ImageCount"] = info.Store.Images,
                    ["GraphDriverName"] = info.Store.GraphDriver,
                    ["GraphRoot"] = info.Store.GraphRoot,
                    ["RunRoot"] = info.Store.RunRoot,
                },
                ["Version"] = new JsonObject { ["Version"] = info.PodmanVersion, ["GoVersion"] = info.GoVersion },
                ["Registries"] = new JsonObject
                {
                    ["Search"] = new JsonArray([.. info.SearchRegistries.Select(r => (JsonNode?)r)]),
                    ["Insecure"] = new JsonArray([.. info.InsecureRegistries.Select(r => (JsonNode?)r)]),
                },
            };
            await WriteDocumentAsync(parse, parse.GetValue(format), node);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildVersion()
    {
        var format = Listing.Checked(new Option<string?>("--format", "-f") { Description = "text (default), json, or a Go template: '{{.Server.Version}}'" });
        var command = Verb.Create("version", "Show podman-cli's version and the machine's io.podman service's", format);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            PodmanVersion server = await podman.System.GetVersionAsync(token);
            string client = typeof(SystemVerbs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
            var node = new JsonObject
            {
                ["Client"] = new JsonObject
                {
                    ["Version"] = client,
                    ["RemoteAPIVersion"] = 1,
                    ["GoVersion"] = RuntimeInformation.FrameworkDescription,
                    ["OsArch"] = $"{(OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription)}/{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant().Replace("x64", "amd64", StringComparison.Ordinal)}",
                },
                ["Server"] = new JsonObject
                {
                    ["Version"] = server.Version,
                    ["RemoteAPIVersion"] = server.RemoteApiVersion,
                    ["GoVersion"] = server.GoVersion,
                    ["GitCommit"] = server.GitCommit,
                    ["Built"] = Human.Timestamp(server.Built),
                    ["OsArch"] = server.OsArch,
                },
            };
            string? shape = parse.GetValue(format);
            if (shape is null or "" or "text")
            {
                var text = new StringBuilder();
                foreach ((string title, string key) in new[] { ("Client", "Client"), ("Service", "Server") })
                {
                    text.Append(CultureInfo.InvariantCulture, $"{title}:\n");
                    foreach ((string name, JsonNode? value) in node[key]!.AsObject())
                    {
                        string label = name switch { "RemoteAPIVersion" => "RemoteAPI Version", "GoVersion" => key == "Client" ? "Runtime" : "Go Version", "GitCommit" => "Git Commit", "OsArch" => "OS/Arch", _ => name };
                        text.Append(CultureInfo.InvariantCulture, $"{label + ":",-19}{GoTemplate.Print(value)}\n");
                    }

                    text.Append(key == "Client" ? "\n" : string.Empty);
                }

                await parse.InvocationConfiguration.Output.WriteAsync(text.ToString());
                return ExitCodes.Success;
            }

            await WriteDocumentAsync(parse, shape, node);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildEvents()
    {
        var filter = new Option<string[]>("--filter", "-f") { Description = "KEY=VALUE filters: type=container, event=start, container=NAME, image=NAME, pod=NAME, volume=NAME" };
        var since = new Option<string?>("--since") { Description = "Events after this time (RFC 3339, or a duration before now: 10m)" };
        var until = new Option<string?>("--until") { Description = "Events before this time; without it the stream goes on until Ctrl-C" };
        var format = Listing.Checked(new Option<string?>("--format") { Description = "json (one object a line) or a Go template: '{{.Type}} {{.Status}} {{.Name}}'" });
        var command = Verb.Create("events", "Show podman's events as they happen (containers, images, pods, volumes)", filter, since, until, format);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var events = new EventFilter
            {
                Filters = parse.GetValue(filter) ?? [],
                Since = parse.GetValue(since) is { } s ? Times.Parse(s, "--since") : null,
                Until = parse.GetValue(until) is { } u ? Times.Parse(u, "--until") : null,
            };
            string? shape = parse.GetValue(format);
            GoTemplate? template = shape is null or "" or "json" ? null : GoTemplate.Parse(shape);
            TextWriter output = parse.InvocationConfiguration.Output;
            await foreach (PodmanEvent e in podman.Events.StreamAsync(events, token))
            {
                var node = new JsonObject
                {
                    ["Time"] = Human.Timestamp(e.Time),
                    ["Type"] = e.Type.ToString().ToLowerInvariant(),
                    ["Status"] = e.Status,
                    ["ID"] = e.Id,
                    ["Name"] = e.Name,
                    ["Image"] = e.Image,
                };
                string line = shape == "json" ? node.ToJsonString()
                    : template is not null ? template.Render(node)
                    : $"{e.Time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff +0000 'UTC'", CultureInfo.InvariantCulture)} {node["Type"]} {e.Status} {e.Id} ({string.Join(", ", new[] { ("image", e.Image), ("name", e.Name) }.Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={p.Item2}"))})";
                await output.WriteLineAsync(line);
                await output.FlushAsync(token);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildGenerate()
    {
        var name = Verb.Name("NAME", "A pod or a container");
        var service = new Option<bool>("--service", "-s") { Description = "Also a Kubernetes Service for the published ports" };
        var kube = Verb.Create("kube", "Print Kubernetes YAML for a pod or a container", service, name);
        kube.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            KubeYaml yaml = await podman.Pods.GenerateKubeAsync(parse.GetRequiredValue(name), parse.GetValue(service), token);
            TextWriter output = parse.InvocationConfiguration.Output;
            await output.WriteAsync(yaml.Pod.EndsWith('\n') ? yaml.Pod : yaml.Pod + "\n");
            if (parse.GetValue(service) && yaml.Service.Length > 0)
            {
                await output.WriteAsync("---\n" + (yaml.Service.EndsWith('\n') ? yaml.Service : yaml.Service + "\n"));
            }

            return ExitCodes.Success;
        }));
        return new Command("generate", "Generate structured data from containers and pods") { kube };
    }

    /// <summary>A document (info, version) as YAML-like text, JSON, or through a Go template.</summary>
    private static async Task WriteDocumentAsync(ParseResult parse, string? format, JsonObject node)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        if (format is "json")
        {
            await output.WriteLineAsync(node.ToJsonString(Cli.IndentedJson));
        }
        else if (format is null or "" or "yaml" or "text")
        {
            var text = new StringBuilder();
            Yaml(text, node, 0);
            await output.WriteAsync(text.ToString());
        }
        else
        {
            await output.WriteLineAsync(GoTemplate.Parse(format).Render(node));
        }
    }

    private static void Yaml(StringBuilder text, JsonObject node, int depth)
    {
        string indent = new(' ', depth * 2);
        foreach ((string key, JsonNode? value) in node)
        {
            string name = char.ToLowerInvariant(key[0]) + key[1..];
            switch (value)
            {
                case JsonObject child:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{name}:\n");
                    Yaml(text, child, depth + 1);
                    break;
                case JsonArray { Count: 0 }:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{name}: []\n");
                    break;
                case JsonArray list:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{name}:\n");
                    foreach (JsonNode? item in list)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{indent}- {GoTemplate.Print(item)}\n");
                    }

                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"{indent}{name}: {GoTemplate.Print(value)}\n");
                    break;
            }
        }
    }
}
