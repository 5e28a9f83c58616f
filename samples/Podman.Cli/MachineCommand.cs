using Podman.Machine;

namespace Podman.Cli;

/// <summary>The <c>machine</c> verbs over <see cref="MachineStore"/> and <see cref="PodmanMachine"/>.</summary>
internal static class MachineCommand
{
    public const string DefaultName = "box";

    public const string Usage = """
        usage: podman-cli machine <verb> [name] [options]     (name defaults to "box")
          create [name] [--iso PATH] [--memory MiB] [--cpus N] [--disk-size GiB | --no-disk] [--accel auto|kvm|tcg]
          create [name] --from-snapshot DIR      a machine whose first start resumes the snapshot (disk: an overlay)
          start  [name] [--timeout SECONDS] [--qemu PROGRAM] [--timings] [--boot-iso]
                                                 boot (or resume) and wait until SSH and io.podman answer;
                                                 --timings prints the boot phases (guest uptime, host time);
                                                 --boot-iso boots through the ISO's boot loader, not directly
          snapshot [name] DIR                    save the running, ready machine's state into DIR (it runs on)
          ssh    [name] -- COMMAND...            run a command in the VM (stdin is passed on when redirected)
          call   [name] METHOD [JSON]              call a varlink method of the VM's io.podman service (through
                                                 `varlink bridge` over SSH, pinned host key); prints the reply
          stop   [name] [--timeout SECONDS]      ACPI power button, then kill
          rm     [name]                          kill if running, delete keys, disk and config
          ls                                     list machines and whether they run
          status [name]                          print running/stopped, the SSH endpoint and console log
        global: --store DIR (default $XDG_DATA_HOME/boot2podman/machines)
        """;

    private static readonly HashSet<string> Flags = ["no-disk", "timings", "boot-iso"];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Length == 0)
            {
                throw new UsageException("machine needs a verb");
            }

            var line = new CommandLine(args[1..], Flags);
            var store = new MachineStore(line.Get("store"));
            string name = line.Positional.FirstOrDefault() ?? DefaultName;
            return args[0] switch
            {
                "create" => await CreateAsync(store, name, line, cancellationToken),
                "start" => await StartAsync(store, name, line, cancellationToken),
                "ssh" => await SshAsync(store, name, line, cancellationToken),
                "call" => await CallAsync(store, line, cancellationToken),
                "stop" => await StopAsync(store, name, line, cancellationToken),
                "snapshot" => await SnapshotAsync(store, line, cancellationToken),
                "rm" => await RemoveAsync(store, name, cancellationToken),
                "ls" => await ListAsync(store, cancellationToken),
                "status" => await StatusAsync(store, name, cancellationToken),
                _ => throw new UsageException($"unknown machine verb '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"podman-cli: {e.Message}{Environment.NewLine}{Usage}");
            return 64;
        }
        catch (Exception e) when (e is MachineException or FileNotFoundException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"podman-cli: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> CreateAsync(MachineStore store, string name, CommandLine line, CancellationToken cancellationToken)
    {
        if (line.Get("from-snapshot") is { } snapshot)
        {
            await using PodmanMachine clone = await store.CreateFromSnapshotAsync(name, snapshot, cancellationToken);
            Console.WriteLine($"created machine '{name}' in {clone.Directory} from the snapshot {clone.Config.SnapshotDirectory}");
            Console.WriteLine($"  data disk {clone.Config.DataDiskPath ?? "none (runs from RAM)"}");
            Console.WriteLine($"  host key {clone.Config.HostKeyFingerprint} (the snapshot's)");
            return 0;
        }

        long? disk = line.Has("no-disk") ? null : (line.GetInt("disk-size") ?? 20) * 1024L * 1024 * 1024;
        var options = new MachineCreateOptions
        {
            Name = name,
            IsoPath = line.Get("iso"),
            MemoryMiB = line.GetInt("memory") ?? 2048,
            Cpus = line.GetInt("cpus") ?? 2,
            DataDiskSizeBytes = disk,
            Accelerator = line.Get("accel") switch
            {
                null or "auto" => MachineAccelerator.Auto,
                "kvm" => MachineAccelerator.Kvm,
                "tcg" => MachineAccelerator.Tcg,
                string other => throw new UsageException($"--accel is auto, kvm or tcg, not '{other}'"),
            },
        };
        await using PodmanMachine machine = await store.CreateAsync(options, cancellationToken);
        Console.WriteLine($"created machine '{name}' in {machine.Directory}");
        Console.WriteLine($"  iso {machine.Config.IsoPath}");
        Console.WriteLine($"  data disk {machine.Config.DataDiskPath ?? "none (runs from RAM)"}");
        Console.WriteLine($"  host key {machine.Config.HostKeyFingerprint}");
        return 0;
    }

    private static async Task<int> StartAsync(MachineStore store, string name, CommandLine line, CancellationToken cancellationToken)
    {
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        var options = new MachineStartOptions
        {
            BootTimeout = TimeSpan.FromSeconds(line.GetInt("timeout") ?? 480),
            QemuPath = line.Get("qemu") ?? "qemu-system-x86_64",
            BootFromIso = line.Has("boot-iso"),
        };
        // Launch first (this is where Auto picks KVM or falls back to TCG), say how it runs, then wait.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await machine.StartAsync(options with { WaitUntilReady = false }, cancellationToken);
        MachineRuntimeState? started = machine.RuntimeState;
        Console.WriteLine(started is null
            ? $"starting machine '{name}': qemu is gone already (console: {machine.ConsoleLogPath})"
            : $"starting machine '{name}' under {started.Accelerator}: {started.AcceleratorReason} (console: {machine.ConsoleLogPath})");
        try
        {
            await machine.WaitUntilReadyAsync(options.BootTimeout, cancellationToken);
        }
        catch
        {
            await machine.KillAsync(CancellationToken.None);
            throw;
        }

        MachineRuntimeState state = machine.RuntimeState!;
        string how = state.RestoredFromSnapshot is not null ? "resumed from its snapshot" : state.DirectBoot ? "direct kernel boot" : "ISO boot";
        Console.WriteLine($"machine '{name}' is ready after {clock.Elapsed.TotalSeconds:0.0} s ({state.Accelerator}, {how}); ssh root@127.0.0.1 -p {state.SshPort}");
        if (line.Has("timings") && machine.LastBootTimings is { } timings)
        {
            Console.Write(timings.FormatTable());
        }

        return 0;
    }

    private static async Task<int> SshAsync(MachineStore store, string name, CommandLine line, CancellationToken cancellationToken)
    {
        List<string> words = line.Rest.Count > 0 ? line.Rest : line.Positional.Skip(1).ToList();
        if (words.Count == 0)
        {
            throw new UsageException("ssh needs a command: machine ssh [name] -- COMMAND...");
        }

        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        string command = string.Join(' ', words);
        TimeSpan timeout = TimeSpan.FromMinutes(30);
        SshCommandResult result = Console.IsInputRedirected
            ? await machine.RunAsync(command, Console.OpenStandardInput(), timeout, cancellationToken)
            : await machine.RunAsync(command, timeout, cancellationToken);
        await Console.Out.WriteAsync(result.StandardOutput);
        await Console.Error.WriteAsync(result.StandardError);
        return result.ExitCode;
    }

    private static async Task<int> CallAsync(MachineStore store, CommandLine line, CancellationToken cancellationToken)
    {
        // call METHOD [JSON] or call NAME METHOD [JSON]: a method name has dots, a machine name does not.
        List<string> words = [.. line.Positional];
        string name = words.Count > 0 && !words[0].Contains('.', StringComparison.Ordinal) ? words[0] : DefaultName;
        if (name == words.FirstOrDefault())
        {
            words.RemoveAt(0);
        }

        if (words.Count is 0 or > 2)
        {
            throw new UsageException("call needs a method and at most one JSON object: machine call [name] METHOD [JSON]");
        }

        using var parameters = System.Text.Json.JsonDocument.Parse(words.Count == 2 ? words[1] : "{}");
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        await using var transport = new Varlink.Ssh.SshVarlinkTransport(machine.CreateVarlinkOptions());
        await using var connection = await Varlink.VarlinkConnection.ConnectAsync(transport, cancellationToken: cancellationToken);
        try
        {
            System.Text.Json.JsonElement reply = await connection.CallAsync(words[0], parameters.RootElement, cancellationToken);
            Console.WriteLine(reply.GetRawText());
            return 0;
        }
        catch (Varlink.VarlinkRemoteException e)
        {
            await Console.Error.WriteLineAsync($"podman-cli: {words[0]}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> SnapshotAsync(MachineStore store, CommandLine line, CancellationToken cancellationToken)
    {
        // snapshot DIR or snapshot NAME DIR
        (string name, string dir) = line.Positional.Count switch
        {
            1 => (DefaultName, line.Positional[0]),
            2 => (line.Positional[0], line.Positional[1]),
            _ => throw new UsageException("snapshot needs the directory to write: machine snapshot [name] DIR"),
        };
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        MachineSnapshot snapshot = await machine.SaveSnapshotAsync(dir, cancellationToken);
        Console.WriteLine($"saved machine '{name}' ({snapshot.Accelerator}) as a snapshot in {Path.GetFullPath(dir)} in {clock.Elapsed.TotalSeconds:0.0} s; it runs on");
        return 0;
    }

    private static async Task<int> StopAsync(MachineStore store, string name, CommandLine line, CancellationToken cancellationToken)
    {
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        MachineStopOutcome outcome = await machine.StopAsync(TimeSpan.FromSeconds(line.GetInt("timeout") ?? 120), cancellationToken);
        Console.WriteLine(outcome switch
        {
            MachineStopOutcome.PoweredOff => $"machine '{name}' powered off",
            MachineStopOutcome.Killed => $"machine '{name}' did not power off in time and was killed",
            _ => $"machine '{name}' was not running",
        });
        return 0;
    }

    private static async Task<int> RemoveAsync(MachineStore store, string name, CancellationToken cancellationToken)
    {
        await store.RemoveAsync(name, cancellationToken);
        Console.WriteLine($"removed machine '{name}'");
        return 0;
    }

    private static async Task<int> ListAsync(MachineStore store, CancellationToken cancellationToken)
    {
        foreach (string name in store.List())
        {
            await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
            Console.WriteLine($"{name}\t{(machine.IsRunning ? "running" : "stopped")}");
        }

        return 0;
    }

    private static async Task<int> StatusAsync(MachineStore store, string name, CancellationToken cancellationToken)
    {
        await using PodmanMachine machine = await store.OpenAsync(name, cancellationToken);
        if (!machine.IsRunning)
        {
            Console.WriteLine($"{name}: stopped");
            return 3;
        }

        SshEndpoint ssh = machine.GetSshEndpoint();
        Console.WriteLine($"{name}: running ({machine.RuntimeState!.Accelerator}), {ssh.ToUri()}, key {ssh.IdentityFile}, host key {ssh.HostKeyFingerprint}, console {machine.ConsoleLogPath}");
        return 0;
    }
}
