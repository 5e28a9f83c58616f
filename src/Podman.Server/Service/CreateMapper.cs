using System.Globalization;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;

namespace Podman.Server.Service;

/// <summary>
/// io.podman's <c>Create</c> (podman 1.9's <c>create</c> flags) → podman 4.3's SpecGenerator, with
/// 1.9's defaults where 4.3's differ. A value that does not parse is an <c>ErrorOccurred</c> naming
/// the field, as 1.9's flag parsing failed; a field this service cannot map yet is refused the same way
/// rather than silently dropped.
/// </summary>
internal static class CreateMapper
{
    /// <summary>What CreateContainer needs besides the spec: the image to pull, the pod to create first, the cidfile to write.</summary>
    internal sealed record Plan(SpecGenerator Spec, string? PullImage, string PullPolicy, string? NewPod, string? CidFile);

    public static Plan Map(Create create, Func<string, string?> environment, Func<string, IEnumerable<string>> readLines)
    {
        var args = create.Args ?? [];
        if (args.Count == 0 || string.IsNullOrWhiteSpace(args[0]))
        {
            throw Bad("args", "an image name (or, with rootfs, a root file system path) is required as args[0]");
        }

        Refuse(create.Uidmap, "uidmap");
        Refuse(create.Gidmap, "gidmap");
        Refuse(create.Subuidname, "subuidname");
        Refuse(create.Subgidname, "subgidname");
        Refuse(create.BlkioWeightDevice, "blkioWeightDevice");
        Refuse(create.DeviceReadBps, "deviceReadBps");
        Refuse(create.DeviceWriteBps, "deviceWriteBps");
        Refuse(create.DeviceReadIops, "deviceReadIops");
        Refuse(create.DeviceWriteIops, "deviceWriteIops");

        var restart = create.Restart ?? "";
        if (create.Rm == true && restart is not ("" or "no"))
        {
            throw new ErrorOccurredException("the --rm option conflicts with --restart");
        }

        var rootfs = create.Rootfs == true;
        var spec = new SpecGenerator
        {
            Image = rootfs ? null : args[0],
            Rootfs = rootfs ? args[0] : null,
            Command = args.Count > 1 ? [.. args.Skip(1)] : null,
            Name = Blank(create.Name),
            Env = Env(create, environment, readLines),
            Labels = Labels(create, readLines),
            Annotations = KeyValues(create.Annotation, "annotation", requireValue: true),
            PortMappings = create.Publish is { Count: > 0 } publish ? [.. publish.Select(Port)] : null,
            PublishImagePorts = create.PublishAll,
            Expose = Expose(create.Expose),
            VolumesFrom = List(create.VolumesFrom),
            ImageVolumeMode = create.ImageVolume switch
            {
                null or "" => null,
                "bind" => "anonymous", // 1.9's default; 4.3 calls it anonymous
                "tmpfs" or "ignore" => create.ImageVolume,
                _ => throw Bad("imageVolume", $"\"{create.ImageVolume}\" is not bind, tmpfs or ignore"),
            },
            ReadOnlyFilesystem = create.Readonly,
            WorkDir = Blank(create.WorkDir),
            User = Blank(create.User),
            Groups = List(create.Groupadd),
            Entrypoint = Entrypoint(create.Entrypoint),
            Terminal = create.Tty,
            Stdin = create.Interactive,
            Remove = create.Rm,
            Hostname = Blank(create.Hostname),
            DnsServer = Concat(create.Dns, create.DnsServers),
            DnsSearch = List(create.DnsSearch),
            DnsOption = List(create.DnsOpt),
            HostAdd = List(create.AddHost),
            UseImageHosts = create.NoHosts,
            IpcNs = Namespace(create.Ipc, "ipc"),
            PidNs = Namespace(create.Pid, "pid"),
            UtsNs = Namespace(create.Uts, "uts"),
            UserNs = Namespace(create.Userns, "userns"),
            Privileged = create.Privileged,
            CapAdd = List(create.CapAdd),
            CapDrop = List(create.CapDrop),
            OomScoreAdj = create.OomScoreAdj is { } oom ? checked((int)oom) : null,
            Devices = create.Device is { Count: > 0 } devices ? [.. devices.Select(d => new SpecDevice { Path = d })] : null,
            Sysctl = KeyValues(create.Sysctl, "sysctl", requireValue: true),
            ShmSize = create.ShmSize is { Length: > 0 } shm ? Size(shm, "shmSize") : null,
            StopSignal = create.StopSignal is { Length: > 0 } signal
                ? Signals.TryParse(signal, out var number) ? number : throw Bad("stopSignal", $"\"{signal}\" is not a signal")
                : null,
            StopTimeout = create.StopTimeout is { } stop ? stop >= 0 ? (ulong)stop : throw Bad("stopTimeout", "must not be negative") : null,
            Init = create.Init,
            InitPath = Blank(create.InitPath),
            CgroupParent = Blank(create.CgroupParent),
            ConmonPidFile = Blank(create.ConmonPidfile),
            Systemd = create.Systemd switch
            {
                null or "" => null,
                "true" or "false" or "always" => create.Systemd,
                _ => throw Bad("systemd", $"\"{create.Systemd}\" is not true, false or always"),
            },
            StorageOpts = KeyValues(create.StorageOpt, "storageOpt", requireValue: true),
            ImageOs = Blank(create.OverrideOS),
            ImageArch = Blank(create.OverrideArch),
            Pod = create.Pod is { Length: > 0 } pod ? pod.StartsWith("new:", StringComparison.Ordinal) ? pod[4..] : pod : null,
        };

        Restart(spec, restart);
        Network(spec, create);
        Volumes(spec, create);
        Security(spec, create.SecurityOpt);
        spec.ResourceLimits = Resources(create);
        spec.Rlimits = create.Ulimit is { Count: > 0 } ulimits ? [.. ulimits.Select(Ulimit)] : null;
        spec.HealthConfig = Health(create);
        spec.LogConfiguration = Log(create);

        var pull = (create.Pull ?? "").ToLowerInvariant() switch
        {
            "" or "missing" => "missing",
            "always" => "always",
            "never" => "never",
            _ => throw Bad("pull", $"\"{create.Pull}\" is not missing, always or never"),
        };
        var newPod = create.Pod is { } p && p.StartsWith("new:", StringComparison.Ordinal)
            ? p.Length > 4 ? p[4..] : throw Bad("pod", "new: needs a pod name")
            : null;
        return new Plan(spec, rootfs ? null : args[0], pull, newPod, Blank(create.CidFile));
    }

    internal static ErrorOccurredException Bad(string field, string why) => new($"invalid value for create.{field}: {why}");

    private static void Refuse(object? value, string field)
    {
        if (value is string { Length: > 0 } or IReadOnlyList<string> { Count: > 0 })
        {
            throw new ErrorOccurredException($"create.{field} is not supported by this io.podman service yet");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static List<string>? List(IReadOnlyList<string>? values) => values is { Count: > 0 } ? [.. values] : null;

    private static List<string>? Concat(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
        => List([.. a ?? [], .. b ?? []]);

    /// <summary><c>K=V</c> entries; env files first (read in the VM, as 1.9 read them on its host), then <c>env</c>. A bare <c>K</c> takes the service's own environment, as 1.9 did.</summary>
    private static Dictionary<string, string>? Env(Create create, Func<string, string?> environment, Func<string, IEnumerable<string>> readLines)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in create.EnvFile ?? [])
        {
            foreach (var line in ReadFile(file, "envFile", readLines))
            {
                Add(line);
            }
        }

        foreach (var entry in create.Env ?? [])
        {
            Add(entry);
        }

        return env.Count > 0 ? env : null;

        void Add(string entry)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0)
            {
                throw Bad("env", $"\"{entry}\" has no name");
            }

            if (eq < 0)
            {
                if (environment(entry) is { } value)
                {
                    env[entry] = value;
                }

                return;
            }

            env[entry[..eq]] = entry[(eq + 1)..];
        }
    }

    private static IEnumerable<string> ReadFile(string path, string field, Func<string, IEnumerable<string>> readLines)
    {
        List<string> lines;
        try
        {
            lines = [.. readLines(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(field, $"cannot read {path}: {e.Message}");
        }

        return lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }

    private static Dictionary<string, string>? Labels(Create create, Func<string, IEnumerable<string>> readLines)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in create.LabelFile ?? [])
        {
            foreach (var (key, value) in KeyValues([.. ReadFile(file, "labelFile", readLines)], "labelFile", requireValue: false) ?? [])
            {
                labels[key] = value;
            }
        }

        foreach (var (key, value) in KeyValues(create.Label, "label", requireValue: false) ?? [])
        {
            labels[key] = value;
        }

        return labels.Count > 0 ? labels : null;
    }

    private static Dictionary<string, string>? KeyValues(IReadOnlyList<string>? entries, string field, bool requireValue)
    {
        if (entries is not { Count: > 0 })
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0 || (eq < 0 && requireValue))
            {
                throw Bad(field, $"\"{entry}\" is not key=value");
            }

            map[eq < 0 ? entry : entry[..eq]] = eq < 0 ? "" : entry[(eq + 1)..];
        }

        return map;
    }

    /// <summary><c>[ip:][hostPort:]containerPort[/protocol]</c>, ports or ranges <c>a-b</c>; an empty host port is a random one.</summary>
    internal static SpecPortMapping Port(string publish)
    {
        var text = publish;
        var protocol = "tcp";
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..];
            text = text[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw Bad("publish", $"\"{publish}\": {protocol} is not tcp, udp or sctp");
            }
        }

        string ip = "", host = "", container;
        var lastColon = text.LastIndexOf(':');
        if (lastColon < 0)
        {
            container = text;
        }
        else
        {
            container = text[(lastColon + 1)..];
            var rest = text[..lastColon];
            var colon = rest.LastIndexOf(':');
            if (colon < 0)
            {
                host = rest;
            }
            else
            {
                ip = rest[..colon].Trim('[', ']');
                host = rest[(colon + 1)..];
            }
        }

        var (containerPort, containerRange) = PortRange(container, publish);
        ushort? hostPort = null;
        if (host.Length > 0)
        {
            var (h, hostRange) = PortRange(host, publish);
            if (hostRange != containerRange)
            {
                throw Bad("publish", $"\"{publish}\": the host and container ranges differ in length");
            }

            hostPort = h;
        }

        return new SpecPortMapping
        {
            HostIp = ip.Length > 0 ? ip : null,
            ContainerPort = containerPort,
            HostPort = hostPort,
            Range = containerRange > 1 ? containerRange : null,
            Protocol = protocol,
        };
    }

    private static (ushort Port, ushort Range) PortRange(string text, string publish)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return (PortNumber(text, publish), 1);
        }

        var first = PortNumber(text[..dash], publish);
        var last = PortNumber(text[(dash + 1)..], publish);
        return last >= first ? (first, (ushort)(last - first + 1)) : throw Bad("publish", $"\"{publish}\": the range ends before it starts");
    }

    private static ushort PortNumber(string text, string publish)
        => ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
            ? port
            : throw Bad("publish", $"\"{publish}\": \"{text}\" is not a port number");

    private static Dictionary<string, string>? Expose(IReadOnlyList<string>? expose)
    {
        if (expose is not { Count: > 0 })
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in expose)
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var protocol = slash < 0 ? "tcp" : entry[(slash + 1)..];
            var (first, range) = PortRange(slash < 0 ? entry : entry[..slash], entry);
            for (int i = 0; i < range; i++)
            {
                map[(first + i).ToString(CultureInfo.InvariantCulture)] = protocol;
            }
        }

        return map;
    }

    /// <summary>"" resets the image's entrypoint; a JSON array is the list; anything else one word.</summary>
    private static List<string>? Entrypoint(string? entrypoint)
    {
        if (entrypoint is null)
        {
            return null;
        }

        if (entrypoint.Length == 0)
        {
            return [];
        }

        if (entrypoint.TrimStart().StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(entrypoint);
                if (document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                {
                    return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
                }
            }
            catch (JsonException)
            {
            }

            throw Bad("entrypoint", "a JSON list of strings was expected");
        }

        return [entrypoint];
    }

    private static void Restart(SpecGenerator spec, string restart)
    {
        if (restart.Length == 0)
        {
            return;
        }

        var colon = restart.IndexOf(':', StringComparison.Ordinal);
        var policy = colon < 0 ? restart : restart[..colon];
        if (policy is not ("no" or "always" or "on-failure" or "unless-stopped"))
        {
            throw Bad("restart", $"\"{restart}\" is not no, always, on-failure[:N] or unless-stopped");
        }

        spec.RestartPolicy = policy;
        if (colon >= 0)
        {
            spec.RestartTries = policy == "on-failure" && ulong.TryParse(restart[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var tries)
                ? tries
                : throw Bad("restart", $"\"{restart}\": only on-failure takes a retry count");
        }
    }

    private static void Network(SpecGenerator spec, Create create)
    {
        var network = create.Network ?? "";
        string? named = null;
        switch (network)
        {
            case "":
                break;
            case "bridge" or "host" or "none" or "slirp4netns" or "private":
                spec.NetNs = new SpecNamespace { Mode = network };
                break;
            default:
                spec.NetNs = Namespace(network, "network");
                if (spec.NetNs?.Mode is "bridge")
                {
                    named = network;
                }

                break;
        }

        if (named is not null || create.Ip is { Length: > 0 } || create.MacAddress is { Length: > 0 })
        {
            spec.NetNs ??= new SpecNamespace { Mode = "bridge" };
            var settings = new SpecNetwork
            {
                StaticIps = create.Ip is { Length: > 0 } ip ? [ip] : null,
                StaticMac = Blank(create.MacAddress),
            };
            spec.Networks = new Dictionary<string, SpecNetwork>(StringComparer.Ordinal) { [named ?? "podman"] = settings };
        }
    }

    /// <summary><c>host</c>, <c>private</c>, <c>container:X</c>, <c>ns:/path</c>, <c>pod</c> (and for userns <c>keep-id</c>, <c>auto</c>); another word is a network name for <c>network</c>.</summary>
    private static SpecNamespace? Namespace(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.StartsWith("container:", StringComparison.Ordinal))
        {
            return new SpecNamespace { Mode = "container", Value = value["container:".Length..] };
        }

        if (value.StartsWith("ns:", StringComparison.Ordinal))
        {
            return new SpecNamespace { Mode = "path", Value = value[3..] };
        }

        return value switch
        {
            "host" or "private" or "pod" or "none" => new SpecNamespace { Mode = value },
            "keep-id" or "auto" when field == "userns" => new SpecNamespace { Mode = value },
            _ when field == "network" => new SpecNamespace { Mode = "bridge" },
            _ => throw Bad(field, $"\"{value}\" is not host, private, container:ID or ns:PATH"),
        };
    }

    private static void Volumes(SpecGenerator spec, Create create)
    {
        List<SpecMount> mounts = [];
        List<SpecNamedVolume> volumes = [];
        foreach (var volume in create.Volume ?? [])
        {
            var parts = volume.Split(':');
            if (parts.Length > 3 || parts.Any(p => p.Length == 0))
            {
                throw Bad("volume", $"\"{volume}\" is not [source:]destination[:options]");
            }

            if (parts.Length == 1)
            {
                volumes.Add(new SpecNamedVolume { Name = "", Dest = parts[0] });
                continue;
            }

            var options = parts.Length == 3 ? parts[2].Split(',').ToList() : null;
            if (parts[0].StartsWith('/') || parts[0].StartsWith('.'))
            {
                mounts.Add(new SpecMount { Type = "bind", Source = parts[0], Destination = parts[1], Options = options });
            }
            else
            {
                volumes.Add(new SpecNamedVolume { Name = parts[0], Dest = parts[1], Options = options });
            }
        }

        foreach (var tmpfs in create.Tmpfs ?? [])
        {
            var colon = tmpfs.IndexOf(':', StringComparison.Ordinal);
            var destination = colon < 0 ? tmpfs : tmpfs[..colon];
            if (!destination.StartsWith('/'))
            {
                throw Bad("tmpfs", $"\"{tmpfs}\" is not /path[:options]");
            }

            mounts.Add(new SpecMount { Type = "tmpfs", Source = "tmpfs", Destination = destination, Options = colon < 0 ? null : [.. tmpfs[(colon + 1)..].Split(',')] });
        }

        foreach (var mount in create.Mount ?? [])
        {
            Mount(mount, mounts, volumes);
        }

        // 1.9's --read-only-tmpfs (default true) mounted tmpfs on /run, /tmp and /var/tmp of a read-only container.
        if (create.Readonly == true && create.Readonlytmpfs != false)
        {
            foreach (var path in new[] { "/run", "/tmp", "/var/tmp" })
            {
                if (mounts.All(m => m.Destination != path) && volumes.All(v => v.Dest != path))
                {
                    mounts.Add(new SpecMount { Type = "tmpfs", Source = "tmpfs", Destination = path, Options = ["rw", "nosuid", "nodev"] });
                }
            }
        }

        spec.Mounts = mounts.Count > 0 ? mounts : null;
        spec.Volumes = volumes.Count > 0 ? volumes : null;
    }

    /// <summary><c>type=bind|volume|tmpfs,src=…,dst=…,ro[=true]</c> and other options passed on.</summary>
    private static void Mount(string mount, List<SpecMount> mounts, List<SpecNamedVolume> volumes)
    {
        string type = "", source = "", destination = "";
        var options = new List<string>();
        foreach (var part in mount.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            switch (key)
            {
                case "type": type = value; break;
                case "src" or "source": source = value; break;
                case "dst" or "destination" or "target": destination = value; break;
                case "ro" or "readonly": options.Add(value is "" or "true" ? "ro" : "rw"); break;
                default: options.Add(part); break;
            }
        }

        if (destination.Length == 0)
        {
            throw Bad("mount", $"\"{mount}\" has no destination");
        }

        switch (type)
        {
            case "bind" when source.Length > 0:
                mounts.Add(new SpecMount { Type = "bind", Source = source, Destination = destination, Options = options.Count > 0 ? options : null });
                break;
            case "tmpfs":
                mounts.Add(new SpecMount { Type = "tmpfs", Source = "tmpfs", Destination = destination, Options = options.Count > 0 ? options : null });
                break;
            case "volume":
                volumes.Add(new SpecNamedVolume { Name = source, Dest = destination, Options = options.Count > 0 ? options : null });
                break;
            default:
                throw Bad("mount", $"\"{mount}\" needs type=bind (with src), type=volume or type=tmpfs");
        }
    }

    private static void Security(SpecGenerator spec, IReadOnlyList<string>? options)
    {
        foreach (var option in options ?? [])
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "" : option[(eq + 1)..];
            switch (key)
            {
                case "label":
                    (spec.SelinuxOpts ??= []).Add(value);
                    break;
                case "seccomp":
                    spec.SeccompProfilePath = value;
                    break;
                case "apparmor":
                    spec.ApparmorProfile = value;
                    break;
                case "no-new-privileges":
                    spec.NoNewPrivileges = value is "" or "true";
                    break;
                default:
                    throw Bad("securityOpt", $"\"{option}\" is not label=…, seccomp=…, apparmor=… or no-new-privileges");
            }
        }
    }

    private static SpecResources? Resources(Create create)
    {
        SpecMemory? memory = null;
        if (create.Memory is { Length: > 0 } limit)
        {
            (memory ??= new()).Limit = Size(limit, "memory");
        }

        if (create.MemoryReservation is { Length: > 0 } reservation)
        {
            (memory ??= new()).Reservation = Size(reservation, "memoryReservation");
        }

        if (create.MemorySwap is { Length: > 0 } swap)
        {
            (memory ??= new()).Swap = swap == "-1" ? -1 : Size(swap, "memorySwap");
        }
        else if (memory?.Limit is { } l)
        {
            memory.Swap = 2 * l; // 1.9 and 4.3's CLI: swap defaults to twice the limit
        }

        if (create.KernelMemory is { Length: > 0 } kernel)
        {
            (memory ??= new()).Kernel = Size(kernel, "kernelMemory");
        }

        if (create.MemorySwappiness is { } swappiness and >= 0)
        {
            (memory ??= new()).Swappiness = swappiness <= 100 ? (ulong)swappiness : throw Bad("memorySwappiness", "must be 0 to 100");
        }

        if (create.OomKillDisable == true)
        {
            (memory ??= new()).DisableOomKiller = true;
        }

        SpecCpu? cpu = null;
        if (create.Cpus is { } cpus and > 0)
        {
            if (create.CpuPeriod is > 0 || create.CpuQuota is > 0)
            {
                throw Bad("cpus", "cannot be combined with cpuPeriod or cpuQuota");
            }

            cpu = new SpecCpu { Period = 100_000, Quota = (long)(cpus * 100_000) };
        }

        if (create.CpuPeriod is > 0 and var period)
        {
            (cpu ??= new()).Period = (ulong)period;
        }

        if (create.CpuQuota is > 0 and var quota)
        {
            (cpu ??= new()).Quota = quota;
        }

        if (create.CpuShares is > 0 and var shares)
        {
            (cpu ??= new()).Shares = (ulong)shares;
        }

        if (create.CpuRtPeriod is > 0 and var rtPeriod)
        {
            (cpu ??= new()).RealtimePeriod = (ulong)rtPeriod;
        }

        if (create.CpuRtRuntime is > 0 and var rtRuntime)
        {
            (cpu ??= new()).RealtimeRuntime = rtRuntime;
        }

        if (create.CpuSetCpus is { Length: > 0 } cpuset)
        {
            (cpu ??= new()).Cpus = cpuset;
        }

        if (create.CpuSetMems is { Length: > 0 } mems)
        {
            (cpu ??= new()).Mems = mems;
        }

        SpecBlockIo? blockIo = null;
        if (create.BlkioWeight is { Length: > 0 } weight)
        {
            blockIo = ushort.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 10 and <= 1000
                ? new SpecBlockIo { Weight = w }
                : throw Bad("blkioWeight", $"\"{weight}\" is not a number from 10 to 1000");
        }

        SpecPids? pids = create.PidsLimit is { } pidsLimit and not 0 ? new SpecPids { Limit = pidsLimit } : null;
        return memory is null && cpu is null && blockIo is null && pids is null
            ? null
            : new SpecResources { Memory = memory, Cpu = cpu, BlockIo = blockIo, Pids = pids };
    }

    /// <summary>docker's RAMInBytes: a number with an optional binary unit (<c>b</c>, <c>k</c>, <c>m</c>, <c>g</c>, <c>t</c>, <c>p</c>, optionally followed by <c>b</c>).</summary>
    internal static long Size(string text, string field)
    {
        var span = text.Trim().ToLowerInvariant();
        int i = 0;
        while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !double.TryParse(span[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw Bad(field, $"\"{text}\" is not a size such as 512m or 1g");
        }

        var unit = span[i..].Trim();
        if (unit.Length == 2 && unit[1] == 'b')
        {
            unit = unit[..1];
        }

        long multiplier = unit switch
        {
            "" or "b" => 1,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            "p" => 1L << 50,
            _ => throw Bad(field, $"\"{text}\" is not a size such as 512m or 1g"),
        };
        return (long)(number * multiplier);
    }

    /// <summary><c>name=soft[:hard]</c> → <c>RLIMIT_NAME</c>.</summary>
    private static SpecRlimit Ulimit(string ulimit)
    {
        var eq = ulimit.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw Bad("ulimit", $"\"{ulimit}\" is not name=soft[:hard]");
        }

        var values = ulimit[(eq + 1)..].Split(':');
        if (values.Length > 2 || !TryLimit(values[0], out var soft) || !TryLimit(values[^1], out var hard))
        {
            throw Bad("ulimit", $"\"{ulimit}\" is not name=soft[:hard]");
        }

        return new SpecRlimit { Type = "RLIMIT_" + ulimit[..eq].ToUpperInvariant(), Soft = soft, Hard = hard };

        static bool TryLimit(string text, out ulong value)
        {
            if (text == "-1" || text == "unlimited")
            {
                value = ulong.MaxValue;
                return true;
            }

            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>1.9's healthcheck: "none" disables it; a JSON list is the test as given; anything else runs in a shell. Its defaults: 30s interval and timeout, 0s start period, 3 retries.</summary>
    private static SpecHealthConfig? Health(Create create)
    {
        if (create.HealthcheckCommand is not { Length: > 0 } command)
        {
            return null;
        }

        List<string> test;
        if (command == "none")
        {
            test = ["NONE"];
        }
        else if (command.TrimStart().StartsWith('['))
        {
            test = Entrypoint(command) is { Count: > 0 } list ? list : throw Bad("healthcheckCommand", "an empty list");
        }
        else
        {
            test = ["CMD-SHELL", command];
        }

        return new SpecHealthConfig
        {
            Test = test,
            Interval = Duration(create.HealthcheckInterval, "30s", "healthcheckInterval"),
            Timeout = Duration(create.HealthcheckTimeout, "30s", "healthcheckTimeout"),
            StartPeriod = Duration(create.HealthcheckStartPeriod, "0s", "healthcheckStartPeriod"),
            Retries = create.HealthcheckRetries is { } retries ? checked((int)retries) : 3,
        };
    }

    /// <summary>Go's <c>time.ParseDuration</c> (<c>1h2m3.5s</c>, <c>500ms</c>) → nanoseconds.</summary>
    internal static long Duration(string? text, string fallback, string field)
    {
        var value = string.IsNullOrEmpty(text) ? fallback : text;
        if (value == "0")
        {
            return 0;
        }

        double total = 0;
        int i = 0;
        while (i < value.Length)
        {
            int start = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            int unitStart = i;
            while (i < value.Length && !char.IsAsciiDigit(value[i]) && value[i] != '.')
            {
                i++;
            }

            if (unitStart == start || !double.TryParse(value[start..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw Bad(field, $"\"{value}\" is not a duration such as 30s or 1m30s");
            }

            total += number * value[unitStart..i] switch
            {
                "ns" => 1,
                "us" or "µs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => throw Bad(field, $"\"{value}\" is not a duration such as 30s or 1m30s"),
            };
        }

        return (long)total;
    }

    /// <summary><c>json-file</c> (a 1.9 alias) is 4.3's <c>k8s-file</c>; <c>logOpt</c> <c>path=</c>, <c>max-size=</c>, <c>tag=</c>.</summary>
    private static SpecLogConfig? Log(Create create)
    {
        if (create.LogDriver is not { Length: > 0 } && create.LogOpt is not { Count: > 0 })
        {
            return null;
        }

        var log = new SpecLogConfig { Driver = create.LogDriver is "json-file" ? "k8s-file" : Blank(create.LogDriver) };
        foreach (var (key, value) in KeyValues(create.LogOpt, "logOpt", requireValue: true) ?? [])
        {
            switch (key)
            {
                case "path": log.Path = value; break;
                case "max-size": log.Size = Size(value, "logOpt"); break;
                default: (log.Options ??= new(StringComparer.Ordinal))[key] = value; break;
            }
        }

        return log;
    }
}
