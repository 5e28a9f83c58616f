using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Podman.Client;
using Podman.Machine;
using Podman.Testing;
using Varlink;
using Varlink.Ssh;

namespace Podman.Server.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IoPodmanVmCollection : ICollectionFixture<IoPodmanVm>
{
    public const string Name = "io.podman in the appliance VM (qemu)";
}

/// <summary>
/// One appliance VM for the assembly's conformance tests: Podman.Testing's fixture (booted from
/// <c>$BOOT2PODMAN_ISO</c>, or resumed from the golden snapshot of that ISO), ready when io.podman answers
/// GetVersion through the bridge, with a busybox image imported and the fixture's <see cref="HostRegistry"/>
/// (Debian's docker-registry on the host, <see cref="PodmanApplianceFixture.HostRegistry"/>) trusted by podman in the VM
/// for pull and push. io.podman is reached as a client would reach it (SSH + <c>varlink bridge</c>, pinned host
/// key); what podman itself says comes from <c>podman</c> run over SSH.
/// </summary>
public sealed class IoPodmanVm : PodmanApplianceFixture
{
    public const string Image = "localhost/bb:io";

    private int _names;

    protected override bool StartsHostRegistry => true;

    /// <summary>How long the start took, to io.podman answering GetVersion.</summary>
    public TimeSpan BootToReady { get; private set; }

    protected override async Task OnReadyAsync(PodmanMachine machine, PodmanClient client)
    {
        BootToReady = machine.LastBootDuration ?? TimeSpan.Zero;
        var line = $"io.podman VM: start to io.podman ready {BootToReady.TotalSeconds:0.0} s ({StartKind}, {machine.RuntimeState?.Accelerator}), ISO {new FileInfo(machine.Config.IsoPath).Length} bytes";
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "vm-boot-times.txt"), line + Environment.NewLine);
        await ImportImageAsync();
    }

    /// <summary>A container name not used before in this run.</summary>
    public string NewName(string what) => $"{what}-{Interlocked.Increment(ref _names)}";

    /// <summary>A command in the VM that must succeed: its standard output.</summary>
    public async Task<string> ShAsync(string command)
    {
        var result = await Machine.RunAsync(command, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"'{command}' exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>What <c>podman inspect --format</c> says of a container.</summary>
    public async Task<string> PodmanFormatAsync(string container, string format)
        => (await ShAsync($"podman container inspect --format '{format}' {container}")).Trim();

    /// <summary>An image's full id, as <c>podman inspect</c> says.</summary>
    public async Task<string> ImageIdAsync(string image) => (await ShAsync($"podman image inspect --format '{{{{.Id}}}}' {image}")).Trim();

    /// <summary>The files SendFile and ImageSave leave in the VM's /tmp (<c>varlink_*</c>), one a line, sorted.</summary>
    public async Task<string> TransferFilesAsync() => (await Machine.RunAsync("ls /tmp | grep '^varlink_' | sort")).StandardOutput;

    /// <summary>A new io.podman connection through SSH and the VM's varlink bridge.</summary>
    public async Task<VarlinkConnection> ConnectAsync(CancellationToken cancellationToken = default)
        => await VarlinkConnection.ConnectAsync(new SshVarlinkTransport(Machine.CreateVarlinkOptions()), cancellationToken: cancellationToken);

    /// <summary>One io.podman call (parameters as JSON text) on a new connection.</summary>
    public async Task<JsonElement> CallAsync(string method, string parameters = "{}")
    {
        await using var connection = await ConnectAsync();
        return await CallAsync(connection, method, parameters);
    }

    public static async Task<JsonElement> CallAsync(VarlinkConnection connection, string method, string parameters = "{}")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var document = JsonDocument.Parse(parameters);
        return (await connection.CallAsync("io.podman." + method, document.RootElement, timeout.Token)).Clone();
    }

    /// <summary>A streamed io.podman call (<c>more</c>) on a new connection: every reply.</summary>
    public async Task<List<JsonElement>> CallMoreAsync(string method, string parameters)
    {
        await using var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var document = JsonDocument.Parse(parameters);
        List<JsonElement> replies = [];
        await foreach (var reply in connection.CallMoreAsync("io.podman." + method, document.RootElement, timeout.Token))
        {
            replies.Add(reply.Clone());
        }

        return replies;
    }

    /// <summary>A call that must fail: its error.</summary>
    public async Task<VarlinkRemoteException> CallErrorAsync(string method, string parameters = "{}")
        => await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => CallAsync(method, parameters));

    /// <summary>Creates a container from the busybox image through io.podman running <paramref name="script"/>: its id.</summary>
    public async Task<string> CreateAsync(string name, string script, string extra = "")
    {
        var args = JsonSerializer.Serialize(new[] { Image, "/bin/sh", "-c", script });
        var reply = await CallAsync("CreateContainer", $$$"""{"create":{"name":"{{{name}}}","args":{{{args}}}{{{extra}}}}}""");
        return reply.GetProperty("container").GetString()!;
    }

    /// <summary>Creates, starts and waits for a container through io.podman: its id and exit code.</summary>
    public async Task<(string Id, long ExitCode)> RunToEndAsync(string name, string script)
    {
        var id = await CreateAsync(name, script);
        await CallAsync("StartContainer", $$"""{"name":"{{name}}"}""");
        var exit = await CallAsync("WaitContainer", $$"""{"name":"{{name}}","interval":100}""");
        return (id, exit.GetProperty("exitcode").GetInt64());
    }

    /// <summary>
    /// The busybox image (Debian's busybox-static, an applet link each for what the tests run), imported
    /// by an SSH command: io.podman's ImportImage/SendFile come with part 2. Reset removes it; it is then imported again.
    /// </summary>
    public async Task ImportImageAsync()
    {
        var time = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
        using var rootfs = new MemoryStream();
        await using (var tar = new TarWriter(rootfs, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "bin/", "etc/", "tmp/", "proc/", "sys/", "dev/", "root/" })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, dir) { Mode = Executable, ModificationTime = time });
            }

            await using (var busybox = File.OpenRead("/bin/busybox"))
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = Executable, ModificationTime = time, DataStream = busybox });
            }

            foreach (var applet in new[] { "sh", "echo", "sleep", "cat", "true", "false", "touch", "mkdir", "uname", "ls" })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", ModificationTime = time });
            }

            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "etc/passwd")
            {
                Mode = (UnixFileMode)0b110_100_100,
                ModificationTime = time,
                DataStream = new MemoryStream(Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/sh\n")),
            });
        }

        rootfs.Position = 0;
        (await Machine.RunAsync($"podman import --change CMD=/bin/sh - {Image}", rootfs, TimeSpan.FromMinutes(5))).EnsureSuccess();
    }
}
