using System.CommandLine;
using System.Text.Json.Nodes;
using Podman.Client;

namespace Podman.Cli;

/// <summary><c>volume create|ls|inspect|rm|prune</c> as podman-remote has them.</summary>
internal static class VolumeCommand
{
    private static readonly Column[] VolumeColumns = [new("DRIVER", "Driver"), new("VOLUME NAME", "Name")];

    public static Command Build() => new("volume", "Manage volumes") { BuildCreate(), BuildList(), BuildInspect(), BuildRemove(), BuildPrune() };

    private static Command BuildCreate()
    {
        var name = new Argument<string?>("NAME") { Description = "The volume's name (default: a generated one)", Arity = ArgumentArity.ZeroOrOne };
        var driver = new Option<string?>("--driver") { Description = "The volume driver (default local)" };
        var label = new Option<string[]>("--label", "-l") { Description = "KEY=VALUE label" };
        var opt = new Option<string[]>("--opt", "-o") { Description = "KEY=VALUE driver option (type=tmpfs, device=tmpfs, o=size=10m)" };
        var command = Verb.Create("create", "Create a volume; prints its name", driver, label, opt, name);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string created = await podman.Volumes.CreateAsync(
                new VolumeCreateParameters
                {
                    Name = parse.GetValue(name),
                    Driver = parse.GetValue(driver),
                    Labels = Verb.Pairs(parse.GetValue(label) ?? [], "--label"),
                    Options = Verb.Pairs(parse.GetValue(opt) ?? [], "--opt"),
                },
                token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(created);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildList()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the names" };
        var format = Listing.FormatOption();
        var command = Verb.Create("ls", "List volumes", quiet, format);
        command.Aliases.Add("list");
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<VolumeInfo> volumes = await podman.Volumes.ListAsync(cancellationToken: token);
            List<JsonObject> rows = [.. volumes.OrderBy(v => v.Name, StringComparer.Ordinal).Select(Row)];
            if (parse.GetValue(quiet))
            {
                foreach (VolumeInfo volume in volumes)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync(volume.Name);
                }

                return ExitCodes.Success;
            }

            await Listing.WriteAsync(parse, parse.GetValue(format), rows, VolumeColumns);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonObject Row(VolumeInfo volume) => new()
    {
        ["Name"] = volume.Name,
        ["Driver"] = volume.Driver,
        ["Mountpoint"] = volume.MountPoint,
        ["Labels"] = ContainerCommand.Map(volume.Labels),
        ["Options"] = ContainerCommand.Map(volume.Options),
    };

    private static Command BuildInspect()
    {
        var names = Verb.Names("VOLUME", "The volumes", optional: true);
        var all = new Option<bool>("--all", "-a") { Description = "Every volume" };
        var format = Listing.Checked(new Option<string?>("--format", "-f") { Description = "json (default) or a Go template: '{{.Mountpoint}}'" });
        var command = Verb.Create("inspect", "Print volumes' configuration as JSON", all, format, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<string> given = parse.GetValue(all)
                ? [.. (await podman.Volumes.ListAsync(cancellationToken: token)).Select(v => v.Name)]
                : parse.GetValue(names) is { Length: > 0 } list ? list : throw new UsageException("volume inspect needs a volume, or --all");
            var items = new List<JsonNode>();
            foreach (string name in given)
            {
                // InspectVolume answers a list of one.
                JsonNode node = JsonNode.Parse((await podman.Volumes.InspectAsync(name, token)).GetRawText())!;
                items.AddRange(node is JsonArray array ? array.Select(i => i!.DeepClone()) : [node]);
            }

            await Listing.WriteInspectAsync(parse, parse.GetValue(format), items);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildRemove()
    {
        var names = Verb.Names("VOLUME", "The volumes", optional: true);
        var force = new Option<bool>("--force", "-f") { Description = "Remove volumes in use too (their containers are removed)" };
        var all = new Option<bool>("--all", "-a") { Description = "Every volume" };
        var command = Verb.Create("rm", "Remove volumes; prints each removed name. Exit 1: one did not exist; 2: one is in use", force, all, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string[] given = parse.GetValue(names) ?? [];
            if (given.Length == 0 && !parse.GetValue(all))
            {
                throw new UsageException("volume rm needs a volume, or --all");
            }

            VolumeRemoveResult result = await podman.Volumes.RemoveAsync(given, parse.GetValue(force), parse.GetValue(all), token);
            foreach (string removed in result.Removed)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(removed);
            }

            int code = ExitCodes.Success;
            foreach ((string name, string reason) in result.Failures)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"podman-cli: {name}: {reason}");
                code = Math.Max(code, reason.Contains("no such volume", StringComparison.OrdinalIgnoreCase) ? ExitCodes.NoSuchObject
                    : reason.Contains("in use", StringComparison.OrdinalIgnoreCase) || reason.Contains("being used", StringComparison.OrdinalIgnoreCase) ? ExitCodes.InUse
                    : ExitCodes.ToolError);
            }

            return code;
        }));
        return command;
    }

    private static Command BuildPrune()
    {
        var command = Verb.Create("prune", "Remove every volume no container uses; prints each removed name");
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            VolumePruneResult result = await podman.Volumes.PruneAsync(token);
            foreach (string removed in result.Removed)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(removed);
            }

            foreach (string error in result.Errors)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"podman-cli: {error}");
            }

            return result.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.ToolError;
        }));
        return command;
    }
}
