using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json;

namespace Podman.Cli.Tests;

/// <summary>
/// The container, image, pod, volume and system verbs run as a process against the appliance (the shared
/// VM of the collection), as a podman-remote user types them: output, JSON and exit codes checked.
/// </summary>
[Collection(VmCollection.Name)]
[Trait("Category", "VM")]
public sealed class ContainerVerbVmTests(MachineFixture vm)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private Task<CliResult> Podman(params string[] words) => CliRunner.RunAsync(vm.Podman(words), timeout: Long);

    private static string Unique(string what) => $"{what}{Guid.NewGuid():N}"[..(what.Length + 8)];

    private static void Ok(CliResult result) => Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout: {result.Output}\nstderr: {result.Error}");

    [Fact]
    public async Task RunStreamsOutputAndReturnsTheContainersExitCode()
    {
        string name = Unique("run");

        CliResult run = await Podman("run", "--rm", "--name", name, "-e", "GREETING=a  b", MachineFixture.Image, "sh", "-c", "echo \"$GREETING\"; echo 'to err' >&2; exit 3");
        CliResult ps = await Podman("ps", "-a", "--format", "{{.Names}}");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("a  b\n", run.Output);
        Assert.Contains("to err", run.Error, StringComparison.Ordinal);
        Ok(ps);
        Assert.DoesNotContain(name, ps.Output, StringComparison.Ordinal);   // --rm
    }

    [Fact]
    public async Task RunOfAMissingCommandIs127()
    {
        CliResult run = await Podman("run", "--rm", MachineFixture.Image, "/no/such/command");

        Assert.Equal(127, run.ExitCode);
        Assert.StartsWith("podman-cli: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetachedContainerThroughItsLifecycle()
    {
        string name = Unique("life");
        CliResult run = await Podman("run", "-d", "--name", name, "-l", "suite=cli", MachineFixture.Image, "sh", "-c", "echo started; exec sleep 600");
        Ok(run);
        string id = run.Output.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);

        CliResult ps = await Podman("ps", "--format", "{{.Names}} {{.State}} {{.Labels}}");
        Ok(ps);
        Assert.Contains($"{name} running map[suite:cli]", ps.Output, StringComparison.Ordinal);

        CliResult table = await Podman("ps");
        Ok(table);
        Assert.StartsWith("CONTAINER ID  IMAGE", table.Output, StringComparison.Ordinal);
        Assert.Contains(id[..12], table.Output, StringComparison.Ordinal);

        CliResult json = await Podman("ps", "-a", "--format", "json");
        Ok(json);
        JsonElement entry = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single(e => e.GetProperty("Names").GetString() == name);
        Assert.Equal(id, entry.GetProperty("ID").GetString());
        Assert.Equal(MachineFixture.Image, entry.GetProperty("Image").GetString());

        CliResult logs = await Podman("logs", name);
        Ok(logs);
        Assert.Equal("started\n", logs.Output);

        CliResult inspect = await Podman("inspect", name, "--format", "{{.State.Status}} {{.Id}}");
        Ok(inspect);
        Assert.Equal($"running {id}\n", inspect.Output);

        CliResult top = await Podman("top", name);
        Ok(top);
        Assert.Contains("PID", top.Output.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("sleep 600", top.Output, StringComparison.Ordinal);

        CliResult stats = await Podman("stats", "--no-stream", "--format", "json", name);
        Ok(stats);
        Assert.Equal(name, Assert.Single(JsonDocument.Parse(stats.Output).RootElement.EnumerateArray()).GetProperty("Name").GetString());

        Ok(await Podman("pause", name));
        CliResult paused = await Podman("ps", "-a", "--filter", $"name={name}", "--format", "{{.State}}");
        Assert.Equal("paused\n", paused.Output);
        Ok(await Podman("unpause", name));

        CliResult busy = await Podman("rm", name);
        Assert.Equal(2, busy.ExitCode);   // running, no --force

        Ok(await Podman("kill", "--signal", "KILL", name));
        CliResult wait = await Podman("wait", name);
        Ok(wait);
        Assert.Equal("137\n", wait.Output);

        CliResult start = await Podman("start", name);
        Ok(start);
        CliResult restart = await Podman("restart", "--time", "1", name);
        Ok(restart);
        CliResult stop = await Podman("stop", "--time", "1", name);
        Ok(stop);
        CliResult exited = await Podman("ps", "-a", "--filter", $"name={name}", "--format", "{{.State}}");
        Assert.Equal("exited\n", exited.Output);

        CliResult rm = await Podman("rm", name);
        Ok(rm);
        Assert.Equal($"{id}\n", rm.Output);
        CliResult again = await Podman("rm", name);
        Assert.Equal(1, again.ExitCode);   // no such container
        Assert.Contains(name, again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateThenStartAttachedGivesTheOutputAndExitCode()
    {
        string name = Unique("made");
        CliResult create = await Podman("create", "--name", name, MachineFixture.Image, "sh", "-c", "echo made; exit 4");
        Ok(create);

        CliResult start = await Podman("start", "--attach", name);
        CliResult rm = await Podman("rm", "-f", name);

        Assert.Equal(4, start.ExitCode);
        Assert.Equal("made\n", start.Output);
        Ok(rm);
    }

    [Fact]
    public async Task ImagesTagRmiPushAndPull()
    {
        string tag = $"localhost/bb:{Unique("t")}";
        Ok(await Podman("tag", MachineFixture.Image, tag));

        CliResult images = await Podman("images", "--format", "json");
        Ok(images);
        var names = JsonDocument.Parse(images.Output).RootElement.EnumerateArray().Select(i => $"{i.GetProperty("Repository").GetString()}:{i.GetProperty("Tag").GetString()}").ToList();
        Assert.Contains(MachineFixture.Image, names);
        Assert.Contains(tag, names);

        CliResult table = await Podman("images");
        Assert.StartsWith("REPOSITORY", table.Output, StringComparison.Ordinal);

        string remote = $"{vm.GuestRegistry}/cli/bb:{Unique("v")}";
        CliResult push = await Podman("push", tag, remote);
        Ok(push);

        CliResult rmi = await Podman("rmi", tag);
        Ok(rmi);
        Assert.Contains($"Untagged: {tag}", rmi.Output, StringComparison.Ordinal);

        CliResult pull = await Podman("pull", remote);
        Ok(pull);
        Assert.Matches("^[0-9a-f]{64}\n$", pull.Output);
        Assert.Contains("Copying blob", pull.Error, StringComparison.Ordinal);   // the progress, line by line when not on a terminal
        Ok(await Podman("rmi", remote));

        CliResult missing = await Podman("rmi", "localhost/no-such-image:none");
        Assert.Equal(1, missing.ExitCode);
        CliResult failedPull = await Podman("pull", $"{vm.GuestRegistry}/cli/no-such:v1");
        Assert.Equal(125, failedPull.ExitCode);
        Assert.Contains("manifest unknown", failedPull.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodsFromCreateToRemoveWithKubeYaml()
    {
        string pod = Unique("pod");
        CliResult create = await Podman("pod", "create", "--name", pod, "--label", "suite=cli");
        Ok(create);
        Assert.Matches("^[0-9a-f]{64}\n$", create.Output);
        CliResult member = await Podman("run", "-d", "--pod", pod, "--name", pod + "-c", MachineFixture.Image, "sleep", "600");
        Ok(member);

        // --no-trunc: the whole ID, as run -d printed it; --pod: a POD column with the pod's (short) ID in it.
        CliResult quiet = await Podman("ps", "-q", "--no-trunc", "--filter", $"name={pod}-c");
        Ok(quiet);
        Assert.Equal(member.Output, quiet.Output);
        CliResult shortIds = await Podman("ps", "-q", "--filter", $"name={pod}-c");
        Assert.Equal(member.Output[..12] + "\n", shortIds.Output);
        CliResult withPod = await Podman("ps", "--pod", "--filter", $"name={pod}-c");
        Ok(withPod);
        string[] lines = withPod.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("POD", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"{pod}-c  {create.Output[..12]}", Assert.Single(lines[1..]), StringComparison.Ordinal);

        CliResult ps = await Podman("pod", "ps", "--format", "json");
        Ok(ps);
        JsonElement row = JsonDocument.Parse(ps.Output).RootElement.EnumerateArray().Single(p => p.GetProperty("Name").GetString() == pod);
        Assert.Equal(2, row.GetProperty("NumberOfContainers").GetInt32());   // infra + ours

        CliResult inspect = await Podman("pod", "inspect", pod);
        Ok(inspect);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(inspect.Output).RootElement.ValueKind);

        CliResult kube = await Podman("generate", "kube", pod);
        Ok(kube);
        JsonElement kind = JsonDocument.Parse(kube.Output).RootElement;   // the service answers the Pod as JSON (a YAML subset)
        Assert.Equal("Pod", kind.GetProperty("kind").GetString());
        Assert.Equal(pod, kind.GetProperty("metadata").GetProperty("name").GetString());

        Ok(await Podman("pod", "stop", "--time", "1", pod));
        Ok(await Podman("pod", "start", pod));
        CliResult rm = await Podman("pod", "rm", "-f", pod);
        Ok(rm);
        CliResult gone = await Podman("pod", "inspect", pod);
        Assert.Equal(125, gone.ExitCode);
    }

    [Fact]
    public async Task VolumesCreateMountListInspectRemove()
    {
        string volume = Unique("vol");
        CliResult create = await Podman("volume", "create", "--label", "suite=cli", volume);
        Ok(create);
        Assert.Equal($"{volume}\n", create.Output);

        CliResult write = await Podman("run", "--rm", "-v", $"{volume}:/data", MachineFixture.Image, "sh", "-c", "echo kept > /data/f");
        Ok(write);
        CliResult read = await Podman("run", "--rm", "-v", $"{volume}:/data", MachineFixture.Image, "cat", "/data/f");
        Ok(read);
        Assert.Equal("kept\n", read.Output);

        CliResult ls = await Podman("volume", "ls", "--format", "{{.Name}} {{.Driver}}");
        Ok(ls);
        Assert.Contains($"{volume} local", ls.Output, StringComparison.Ordinal);
        CliResult inspect = await Podman("volume", "inspect", volume, "--format", "{{.Name}}");
        Ok(inspect);
        Assert.Equal($"{volume}\n", inspect.Output);

        CliResult rm = await Podman("volume", "rm", volume);
        Ok(rm);
        Assert.Equal($"{volume}\n", rm.Output);
        CliResult again = await Podman("volume", "rm", volume);
        Assert.NotEqual(0, again.ExitCode);
    }

    [Fact]
    public async Task InfoVersionAndEvents()
    {
        CliResult info = await Podman("info", "--format", "json");
        Ok(info);
        Assert.StartsWith("4.3", JsonDocument.Parse(info.Output).RootElement.GetProperty("Version").GetProperty("Version").GetString(), StringComparison.Ordinal);
        CliResult yaml = await Podman("info");
        Assert.Contains("\nstore:\n", yaml.Output, StringComparison.Ordinal);

        CliResult version = await Podman("version");
        Ok(version);
        Assert.Contains("Service:\nVersion:           1.9.3\n", version.Output, StringComparison.Ordinal);
        CliResult template = await Podman("version", "--format", "{{.Server.RemoteAPIVersion}}");
        Assert.Equal("1\n", template.Output);

        string name = Unique("ev");
        Ok(await Podman("run", "--rm", "--name", name, MachineFixture.Image, "true"));
        // --until a little ahead: podman 4.3's file event log reader stops reading at the until time, so an
        // until already past ("0s") cuts the read off after the first lines.
        string until = DateTimeOffset.UtcNow.AddSeconds(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        CliResult events = await Podman("events", "--since", "5m", "--until", until, "--filter", $"container={name}", "--format", "{{.Type}} {{.Status}} {{.Name}}");
        Ok(events);
        Assert.Contains($"container start {name}", events.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionComesFromUrlEnvironmentOrTheOnlyMachine()
    {
        CliResult url = await CliRunner.RunAsync(["--store", vm.Store, "--url", $"machine:{vm.MachineName}", "ps", "-q"], timeout: Long);
        CliResult variable = await CliRunner.RunAsync(["--store", vm.Store, "ps", "-q"], new Dictionary<string, string?> { ["PODMAN_CONNECTION"] = vm.MachineName }, timeout: Long);
        CliResult only = await CliRunner.RunAsync(["--store", vm.Store, "version", "--format", "{{.Server.Version}}"], null, timeout: Long);

        // podman-remote's way, as machine env prints it: the ssh:// address with the machine's key and known_hosts.
        CliResult env = await CliRunner.RunAsync(vm.Args("machine", "env"));
        Dictionary<string, string?> exported = env.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => (string?)p[1].Trim('\''));
        exported.Remove("PODMAN_VARLINK_BRIDGE");
        exported.Remove("PODMAN_CONNECTION");
        CliResult address = await CliRunner.RunAsync(["ps", "-a", "--format", "json"], exported, timeout: Long);

        Ok(url);
        Ok(variable);
        Ok(only);
        Assert.Equal("1.9.3\n", only.Output);
        Ok(address);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(address.Output).RootElement.ValueKind);
        CliResult wrong = await CliRunner.RunAsync(["--store", vm.Store, "--connection", "nosuch", "ps"], timeout: Long);
        Assert.Equal(125, wrong.ExitCode);
        Assert.Contains("there is no machine 'nosuch'", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecAndCopyWorkOnARunningContainer()
    {
        string name = Unique("cp");
        Ok(await Podman("run", "-d", "--name", name, MachineFixture.Image, "sleep", "600"));
        string local = CliRunner.NewTempDirectory("cpvm");
        try
        {
            CliResult exec = await Podman("exec", name, "sh", "-c", "echo out; echo err >&2; exit 7");
            Assert.Equal(7, exec.ExitCode);
            Assert.Equal("out\n", exec.Output);
            Assert.Contains("err", exec.Error, StringComparison.Ordinal);
            CliResult input = await CliRunner.RunAsync(vm.Podman("exec", "-i", name, "sh", "-c", "cat > /tmp/in; wc -c < /tmp/in"), input: "abc\n", timeout: Long);
            Ok(input);
            Assert.Equal("4", input.Output.Trim());

            // In: a tree into an existing directory keeps its name; a file to a new path takes that path's name.
            string tree = Path.Combine(local, "tree");
            Directory.CreateDirectory(Path.Combine(tree, "sub"));
            await File.WriteAllTextAsync(Path.Combine(tree, "a.txt"), "alpha\n");
            await File.WriteAllTextAsync(Path.Combine(tree, "sub", "b.txt"), "beta\n");
            Ok(await Podman("cp", tree, $"{name}:/tmp"));
            Ok(await Podman("cp", Path.Combine(tree, "a.txt"), $"{name}:/tmp/renamed.txt"));
            CliResult inside = await Podman("exec", name, "cat", "/tmp/tree/a.txt", "/tmp/tree/sub/b.txt", "/tmp/renamed.txt");
            Ok(inside);
            Assert.Equal("alpha\nbeta\nalpha\n", inside.Output);

            // Out: a file into an existing directory; a directory to a new name.
            Ok(await Podman("cp", $"{name}:/etc/passwd", local));
            Assert.StartsWith("root:x:0:0:", await File.ReadAllTextAsync(Path.Combine(local, "passwd")), StringComparison.Ordinal);
            string back = Path.Combine(local, "back");
            Ok(await Podman("cp", $"{name}:/tmp/tree", back));
            Assert.Equal("beta\n", await File.ReadAllTextAsync(Path.Combine(back, "sub", "b.txt")));
            Assert.Equal("alpha\n", await File.ReadAllTextAsync(Path.Combine(back, "a.txt")));

            CliResult missing = await Podman("cp", $"{name}:/no/such/file", local);
            Assert.Equal(125, missing.ExitCode);
            Assert.StartsWith($"podman-cli: cp {name}:/no/such/file: tar in the container exited", missing.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(local, recursive: true);
            await Podman("rm", "-f", name);
        }
    }

    [Fact]
    public async Task AttachToADetachedInteractiveContainerPassesInputAndGivesItsExitCode()
    {
        string name = Unique("att");
        CliResult run = await Podman("run", "-d", "-i", "--name", name, MachineFixture.Image, "sh", "-c", "read line; echo got:$line; exit 6");
        Ok(run);
        try
        {
            CliResult attach = await CliRunner.RunAsync(vm.Podman("attach", name), input: "hello\n", timeout: Long);

            Assert.Equal(6, attach.ExitCode);
            Assert.Contains("got:hello", attach.Output, StringComparison.Ordinal);
            CliResult wait = await Podman("wait", name);
            Assert.Equal("6\n", wait.Output);
        }
        finally
        {
            await Podman("rm", "-f", name);
        }
    }

    [Fact]
    public async Task BuildSaveLoadAndExportGoThroughFilesHere()
    {
        string local = CliRunner.NewTempDirectory("build");
        string tag = $"localhost/cli/built:{Unique("b")}";
        string name = Unique("exp");
        try
        {
            string context = Path.Combine(local, "context");
            Directory.CreateDirectory(context);
            await File.WriteAllTextAsync(Path.Combine(context, "greeting.txt"), "from the context\n");
            await File.WriteAllTextAsync(Path.Combine(context, "Containerfile"), $"FROM {MachineFixture.Image}\nCOPY greeting.txt /greeting.txt\nRUN echo built > /built\nCMD [\"cat\", \"/greeting.txt\", \"/built\"]\n");
            CliResult build = await Podman("build", "-t", tag, context);
            Ok(build);
            Assert.Matches("[0-9a-f]{64}\n$", build.Output);
            CliResult ran = await Podman("run", "--rm", tag);
            Ok(ran);
            Assert.Equal("from the context\nbuilt\n", ran.Output);

            string archive = Path.Combine(local, "image.tar");
            Ok(await Podman("save", "-o", archive, tag));
            Assert.Contains("manifest.json", await TarNamesAsync(archive));
            Ok(await Podman("rmi", tag));
            CliResult load = await Podman("load", "-i", archive);
            Ok(load);
            Assert.Contains(tag, load.Output, StringComparison.Ordinal);
            CliResult again = await Podman("run", "--rm", tag);
            Assert.Equal("from the context\nbuilt\n", again.Output);

            Ok(await Podman("create", "--name", name, tag));
            string exported = Path.Combine(local, "rootfs.tar");
            Ok(await Podman("export", "-o", exported, name));
            List<string> files = await TarNamesAsync(exported);
            Assert.Contains(files, f => f.TrimStart('.', '/') == "built");
            Assert.Contains(files, f => f.TrimStart('.', '/') == "bin/busybox");
        }
        finally
        {
            Directory.Delete(local, recursive: true);
            await Podman("rm", "-f", name);
            await Podman("rmi", "-f", tag);
        }
    }

    [Fact]
    public async Task RunPublishesPortsThatAnswerInTheGuest()
    {
        string name = Unique("web");
        const int port = 18080;
        CliResult run = await Podman("run", "-d", "--name", name, "-p", $"{port}:8080", MachineFixture.Image, "sh", "-c", "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www");
        Ok(run);
        try
        {
            CliResult ps = await Podman("ps", "--filter", $"name={name}", "--format", "{{.Ports}}");
            Ok(ps);
            Assert.Equal($"0.0.0.0:{port}->8080/tcp\n", ps.Output);
            CliResult inspect = await Podman("inspect", name, "--format", "json");
            Ok(inspect);
            JsonElement bindings = JsonDocument.Parse(inspect.Output).RootElement[0].GetProperty("HostConfig").GetProperty("PortBindings").GetProperty("8080/tcp");
            Assert.Equal($"{port}", bindings[0].GetProperty("HostPort").GetString());

            // From the guest's own network (a host-network container): the published port reaches the server.
            // nc, not wget: the static busybox's wget ends with SIGSEGV (139) even on a refused connection.
            CliResult fetched = await Podman("run", "--rm", "--network", "host", MachineFixture.Image, "sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 127.0.0.1 {port}");
            Ok(fetched);
            Assert.StartsWith("HTTP/1.", fetched.Output, StringComparison.Ordinal);
            Assert.Contains(" 200 ", fetched.Output.Split('\n')[0], StringComparison.Ordinal);
            Assert.EndsWith("\npublished\n", fetched.Output, StringComparison.Ordinal);
        }
        finally
        {
            await Podman("rm", "-f", name);
        }
    }

    [Fact]
    public async Task FollowedLogsEndedBySigintExit130WithoutAStackTrace()
    {
        string name = Unique("logf");
        Ok(await Podman("run", "-d", "--name", name, MachineFixture.Image, "sh", "-c", "echo first; exec sleep 600"));
        try
        {
            using Process logs = CliRunner.Start(vm.Podman("logs", "-f", name));
            Task<string> error = logs.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Long);

            // The gate: the first line is out, so the follow is under way when SIGINT comes.
            Assert.Equal("first", await logs.StandardOutput.ReadLineAsync(timeout.Token));
            using (Process kill = Process.Start("kill", ["-INT", logs.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, kill.ExitCode);
            }

            await logs.WaitForExitAsync(timeout.Token);
            Assert.Equal(130, logs.ExitCode);
            string said = await error;
            Assert.Contains("podman-cli: interrupted", said, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        }
        finally
        {
            await Podman("rm", "-f", name);
        }
    }

    private static async Task<List<string>> TarNamesAsync(string path)
    {
        await using FileStream file = File.OpenRead(path);
        await using var tar = new TarReader(file);
        var names = new List<string>();
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
