using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Podman.Machine;
using Spectre.Console;

namespace Podman.Cli;

/// <summary>
/// The <c>machine</c> verbs as <c>podman machine</c> names them (init, start, stop, rm, ls, ssh, inspect, env;
/// the earlier create, status and list stay as aliases), plus <c>call</c> (a method of the machine's io.podman).
/// </summary>
internal static class MachineCommand
{
    public const string DefaultName = "box";

    private static readonly TimeSpan SshCommandTimeout = TimeSpan.FromHours(12);

    public static Command Build()
    {
        var machine = new Command("machine", "Create, boot, reach and remove boot2podman machines (qemu VMs)")
        {
            BuildInit(), BuildStart(), BuildSnapshot(), BuildStop(), BuildRemove(), BuildList(), BuildSsh(), BuildInspect(), BuildEnv(), BuildCall(),
        };
        return machine;
    }

    private static Argument<string> NameArgument() => NameArgument(new Argument<string>("NAME")
    {
        Description = $"The machine (default: {DefaultName})",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => DefaultName,
    });

    // A machine name never starts with '-': a misspelt option (--memmory) is not taken for a name.
    private static Argument<T> NameArgument<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"'{token.Value}' is not an option of this command (see --help)");
            }
        });
        return argument;
    }

    private static Command BuildInit()
    {
        var name = NameArgument();
        var iso = new Option<string?>("--image-path", "--iso") { Description = "The boot2podman ISO (default: $BOOT2PODMAN_ISO, then artifacts/boot2podman.iso)" };
        var memory = Positive(new Option<int>("--memory", "-m") { Description = "Memory in MiB", DefaultValueFactory = _ => 2048 });
        var cpus = Positive(new Option<int>("--cpus") { Description = "Virtual CPUs", DefaultValueFactory = _ => 2 });
        var disk = Positive(new Option<int>("--disk-size") { Description = "Data disk size in GiB (podman's state survives restarts there)", DefaultValueFactory = _ => 20 });
        var noDisk = new Option<bool>("--no-disk") { Description = "No data disk: the machine runs from RAM" };
        var accel = Cli.OneOf(new Option<string>("--accel") { Description = "The qemu accelerator: auto, kvm or tcg", DefaultValueFactory = _ => "auto" }, "auto", "kvm", "tcg");
        var fromSnapshot = new Option<string?>("--from-snapshot") { Description = "Create the machine from a snapshot (machine snapshot): its first start resumes it; the data disk is a copy-on-write overlay" };
        var command = new Command("init", "Create a machine: keys, host key, data disk and config (it is not started)") { name, iso, memory, cpus, disk, noDisk, accel, fromSnapshot };
        command.Aliases.Add("create");
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            if (parse.GetValue(fromSnapshot) is { } snapshot)
            {
                string cloneName = parse.GetRequiredValue(name);
                await using PodmanMachine clone = await Store(parse).CreateFromSnapshotAsync(cloneName, snapshot, token);
                TextWriter cloneOutput = parse.InvocationConfiguration.Output;
                await cloneOutput.WriteLineAsync($"created machine '{cloneName}' in {clone.Directory} from the snapshot {clone.Config.SnapshotDirectory}");
                await cloneOutput.WriteLineAsync($"  data disk {clone.Config.DataDiskPath ?? "none (runs from RAM)"}");
                await cloneOutput.WriteLineAsync($"  host key {clone.Config.HostKeyFingerprint} (the snapshot's)");
                return ExitCodes.Success;
            }

            var options = new MachineCreateOptions
            {
                Name = parse.GetRequiredValue(name),
                IsoPath = parse.GetValue(iso),
                MemoryMiB = parse.GetValue(memory),
                Cpus = parse.GetValue(cpus),
                DataDiskSizeBytes = parse.GetValue(noDisk) ? null : parse.GetValue(disk) * 1024L * 1024 * 1024,
                Accelerator = parse.GetValue(accel) switch
                {
                    "kvm" => MachineAccelerator.Kvm,
                    "tcg" => MachineAccelerator.Tcg,
                    _ => MachineAccelerator.Auto,
                },
            };
            await using PodmanMachine machine = await Store(parse).CreateAsync(options, token);
            TextWriter output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"created machine '{options.Name}' in {machine.Directory}");
            await output.WriteLineAsync($"  iso {machine.Config.IsoPath}");
            await output.WriteLineAsync($"  data disk {machine.Config.DataDiskPath ?? "none (runs from RAM)"}");
            await output.WriteLineAsync($"  host key {machine.Config.HostKeyFingerprint}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildStart()
    {
        var name = NameArgument();
        var timeout = Positive(new Option<int>("--timeout") { Description = "Seconds to wait until SSH and io.podman answer", DefaultValueFactory = _ => 480 });
        var qemu = new Option<string>("--qemu") { Description = "The qemu program", DefaultValueFactory = _ => "qemu-system-x86_64" };
        var timings = new Option<bool>("--timings") { Description = "Print the boot phases when ready (the guest's uptime and the host's time at each)" };
        var bootIso = new Option<bool>("--boot-iso") { Description = "Boot through the ISO's boot loader instead of the direct kernel boot" };
        var command = new Command("start", "Boot (or resume) a machine and wait until SSH and io.podman answer (a progress display on a terminal)") { name, timeout, qemu, timings, bootIso };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string machineName = parse.GetRequiredValue(name);
            await using PodmanMachine machine = await Store(parse).OpenAsync(machineName, token);
            var options = new MachineStartOptions
            {
                BootTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                QemuPath = parse.GetRequiredValue(qemu),
                BootFromIso = parse.GetValue(bootIso),
                WaitUntilReady = false,
            };
            TextWriter output = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();

            // Launch first (this is where Auto picks KVM or falls back to TCG), say how it runs, then wait.
            await machine.StartAsync(options, token);
            MachineRuntimeState? started = machine.RuntimeState;
            await output.WriteLineAsync(started is null
                ? $"starting machine '{machineName}': qemu is gone already (console: {machine.ConsoleLogPath})"
                : $"starting machine '{machineName}' under {started.Accelerator}: {started.AcceleratorReason} (console: {machine.ConsoleLogPath})");
            try
            {
                await BootProgress.WaitAsync(machine, options.BootTimeout, output, token);
            }
            catch
            {
                await machine.KillAsync(CancellationToken.None);
                throw;
            }

            MachineRuntimeState state = machine.RuntimeState!;
            string how = state.RestoredFromSnapshot is not null ? "resumed from its snapshot" : state.DirectBoot ? "direct kernel boot" : "ISO boot";
            await output.WriteLineAsync($"machine '{machineName}' is ready after {clock.Elapsed.TotalSeconds:0.0} s ({state.Accelerator}, {how}); ssh root@127.0.0.1 -p {state.SshPort}");
            if (parse.GetValue(timings) && machine.LastBootTimings is { } phases)
            {
                await output.WriteAsync(phases.FormatTable());
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildSnapshot()
    {
        var name = NameArgument();
        var directory = new Argument<string>("DIR") { Description = "Where to write the snapshot (memory state, disk image, keys)" };
        var command = new Command("snapshot", "Save a running, ready machine's state as a snapshot (the machine runs on); machine init --from-snapshot makes clones of it") { name, directory };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string machineName = parse.GetRequiredValue(name);
            string dir = parse.GetRequiredValue(directory);
            await using PodmanMachine machine = await Store(parse).OpenAsync(machineName, token);
            var clock = Stopwatch.StartNew();
            MachineSnapshot snapshot = await machine.SaveSnapshotAsync(dir, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"saved machine '{machineName}' ({snapshot.Accelerator}) as a snapshot in {Path.GetFullPath(dir)} in {clock.Elapsed.TotalSeconds:0.0} s; it runs on");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildStop()
    {
        var name = NameArgument();
        var timeout = Positive(new Option<int>("--timeout") { Description = "Seconds to wait for the ACPI power-off before qemu is killed", DefaultValueFactory = _ => 120 });
        var command = new Command("stop", "Stop a machine: ACPI power button, then kill") { name, timeout };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string machineName = parse.GetRequiredValue(name);
            await using PodmanMachine machine = await Store(parse).OpenAsync(machineName, token);
            MachineStopOutcome outcome = await machine.StopAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)), token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(outcome switch
            {
                MachineStopOutcome.PoweredOff => $"machine '{machineName}' powered off",
                MachineStopOutcome.Killed => $"machine '{machineName}' did not power off in time and was killed",
                _ => $"machine '{machineName}' was not running",
            });
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildRemove()
    {
        var name = NameArgument();
        var command = new Command("rm", "Remove a machine: kill it if it runs, delete its keys, disk and config") { name };
        command.Aliases.Add("remove");
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string machineName = parse.GetRequiredValue(name);
            await Store(parse).RemoveAsync(machineName, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"removed machine '{machineName}'");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildList()
    {
        var format = Cli.OneOf(new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" }, "table", "json");
        var command = new Command("ls", "List the machines and whether they run") { format };
        command.Aliases.Add("list");
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            MachineStore store = Store(parse);
            var machines = new JsonArray();
            foreach (string machineName in store.List())
            {
                await using PodmanMachine machine = await store.OpenAsync(machineName, token);
                machines.Add(Describe(machine));
            }

            if (parse.GetValue(format) == "json")
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(machines.ToJsonString(Cli.IndentedJson));
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.None).AddColumns("NAME", "STATE", "VCPUS", "MEMORY", "DISK", "SSH");
            foreach (JsonNode? row in machines)
            {
                table.AddRow(
                    Markup.Escape((string)row!["Name"]!),
                    (string)row["State"]!,
                    ((int)row["Cpus"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{(int)row["MemoryMiB"]!} MiB",
                    (long)row["DiskSizeBytes"]! is 0 ? "none" : $"{(long)row["DiskSizeBytes"]! / (1024 * 1024 * 1024)} GiB",
                    row["Ssh"] is JsonObject ssh ? Markup.Escape((string)ssh["Uri"]!) : "-");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildInspect()
    {
        var names = NameArgument(new Argument<string[]>("NAME") { Description = $"The machines (default: {DefaultName})", Arity = ArgumentArity.ZeroOrMore });
        var command = new Command("inspect", "Print machines' configuration and state as JSON") { names };
        command.Aliases.Add("status");
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string[] given = parse.GetValue(names) is { Length: > 0 } list ? list : [DefaultName];
            var machines = new JsonArray();
            foreach (string machineName in given)
            {
                await using PodmanMachine machine = await Store(parse).OpenAsync(machineName, token);
                machines.Add(Describe(machine));
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(machines.ToJsonString(Cli.IndentedJson));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildSsh()
    {
        var words = new Argument<string[]>("[NAME] [--] COMMAND") { Description = "The machine, then the command: one word is a command line for the remote shell; several are an argv, passed on word for word", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("ssh", "Run a command in a machine over SSH (pinned host key); output streams as it comes, the exit code is the command's") { words };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            (string machineName, IReadOnlyList<string> argv) = SplitSshWords(parse, parse.GetValue(words) ?? []);
            string remote = RemoteCommandLine.Build(argv);
            await using PodmanMachine machine = await Store(parse).OpenAsync(machineName, token);
            await using Stream stdout = Console.OpenStandardOutput();
            await using Stream stderr = Console.OpenStandardError();
            try
            {
                return await machine.ExecuteAsync(remote, Console.IsInputRedirected ? Console.OpenStandardInput() : null, stdout, stderr, SshCommandTimeout, token);
            }
            catch (Exception e) when (machine.RuntimeState is { } state && SshFailureException.From(machineName, $"127.0.0.1:{state.SshPort}", e) is { } failure)
            {
                throw failure;
            }
        }));
        return command;
    }

    // "ssh NAME -- CMD..." and "ssh -- CMD...": the words before "--" name the machine. Without "--",
    // the first word is the machine when there are two or more ("ssh box uname -a"), as before.
    internal static (string Name, IReadOnlyList<string> Command) SplitSshWords(ParseResult parse, string[] words)
    {
        var tokens = parse.Tokens;
        int dash = -1;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                dash = i;
                break;
            }
        }

        // Every token after "--" is one of the words; the words before it name the machine.
        int before = dash < 0 ? (words.Length >= 2 ? 1 : 0) : words.Length - (tokens.Count - dash - 1);
        if (before > 1)
        {
            throw new UsageException($"machine ssh takes one machine name before --, not {before}");
        }

        string name = before == 1 ? words[0] : DefaultName;
        if (name.StartsWith('-'))
        {
            throw new UsageException($"'{name}' is not an option of machine ssh (see --help)");
        }

        return (name, words[before..]);
    }

    private static Command BuildEnv()
    {
        var name = NameArgument();
        var command = new Command("env", "Print the shell variables (PODMAN_VARLINK_BRIDGE, PODMAN_VARLINK_ADDRESS, ...) that point podman-remote 1.x and podman-cli at a running machine: eval \"$(podman-cli machine env)\"") { name };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            await using PodmanMachine machine = await Store(parse).OpenAsync(parse.GetRequiredValue(name), token);
            foreach ((string variable, string value) in await MachineEnvironment.CreateAsync(machine, token))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"export {variable}={RemoteCommandLine.Quote(value)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildCall()
    {
        var words = new Argument<string[]>("[NAME] METHOD [JSON]") { Description = "A method of the machine's io.podman (io.podman.GetVersion) and its parameters as one JSON object", Arity = new ArgumentArity(1, 3) };
        var command = new Command("call", "Call a method of a machine's io.podman service (varlink bridge over SSH, pinned host key) and print the reply") { words };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            // call METHOD [JSON] or call NAME METHOD [JSON]: a method name has dots, a machine name does not.
            List<string> list = [.. parse.GetValue(words) ?? []];
            string machineName = list.Count > 0 && !list[0].Contains('.', StringComparison.Ordinal) ? list[0] : DefaultName;
            if (machineName == list.FirstOrDefault())
            {
                list.RemoveAt(0);
            }

            if (list.Count is 0 or > 2)
            {
                throw new UsageException("call needs a method and at most one JSON object: machine call [NAME] METHOD [JSON]");
            }

            using var parameters = JsonDocument.Parse(list.Count == 2 ? list[1] : "{}");
            await using var connection = await VarlinkTarget.ConnectAsync(VarlinkTarget.MachineScheme + machineName, new SshSettings([], null, []), Store(parse), token);
            JsonElement reply = await connection.CallAsync(list[0], parameters.RootElement, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(reply.GetRawText());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static JsonObject Describe(PodmanMachine machine)
    {
        MachineRuntimeState? state = machine.RuntimeState;
        var node = new JsonObject
        {
            ["Name"] = machine.Config.Name,
            ["State"] = state is null ? "stopped" : "running",
            ["Directory"] = machine.Directory,
            ["Iso"] = machine.Config.IsoPath,
            ["Cpus"] = machine.Config.Cpus,
            ["MemoryMiB"] = machine.Config.MemoryMiB,
            ["DiskSizeBytes"] = machine.Config.DataDiskSizeBytes,
            ["HostKeyFingerprint"] = machine.Config.HostKeyFingerprint,
            ["ConsoleLog"] = machine.ConsoleLogPath,
            ["Created"] = machine.Config.CreatedUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (state is not null)
        {
            SshEndpoint ssh = machine.GetSshEndpoint();
            node["Accelerator"] = state.Accelerator.ToString();
            node["Ssh"] = new JsonObject
            {
                ["Uri"] = ssh.ToUri().ToString(),
                ["IdentityFile"] = ssh.IdentityFile,
                ["Port"] = ssh.Port,
            };
        }

        return node;
    }

    private static MachineStore Store(ParseResult parse) => new(parse.GetValue(Cli.Store));

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            // A word that is not a number already has the parser's error; only a number is checked here.
            if (result.Tokens.Count == 1
                && int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value)
                && value <= 0)
            {
                result.AddError($"{option.Name} must be a positive whole number");
            }
        });
        return option;
    }
}
