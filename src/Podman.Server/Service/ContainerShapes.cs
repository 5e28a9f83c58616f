using System.Globalization;
using System.Text;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;

namespace Podman.Server.Service;

/// <summary>libpod's container list entries and inspect data → io.podman's <c>Container</c> and <c>PsContainer</c>.</summary>
internal static class ContainerShapes
{
    /// <summary>1.9's <c>Container</c>: from the list entry, the inspect data and, when it exists, the OCI spec (<c>config.json</c>).</summary>
    public static Container ToContainer(LibpodContainerListEntry entry, LibpodContainerInspect? inspect, JsonElement spec, long nowNanoseconds)
    {
        GoTime.TryParse(entry.Created, out var created);
        return new Container
        {
            Id = entry.Id,
            Image = entry.Image,
            Imageid = entry.ImageId,
            Command = Command(inspect, spec, entry),
            Createdat = GoTime.FormatSeconds(created / 1_000_000_000),
            Runningfor = GoTime.FormatDuration(nowNanoseconds - created),
            Status = ContainerStates.ToV1(entry.State),
            Ports = Ports(entry.Ports),
            Rootfssize = entry.Size?.RootFsSize ?? 0,
            Rwsize = entry.Size?.RwSize ?? 0,
            Names = entry.Names is { Count: > 0 } names ? names[0] : "",
            Labels = entry.Labels ?? [],
            Mounts = Mounts(inspect, spec),
            Containerrunning = entry.State == "running",
            Namespaces = new ContainerNameSpace
            {
                User = entry.Namespaces.User,
                Uts = entry.Namespaces.Uts,
                Pidns = entry.Namespaces.Pidns,
                Pid = entry.Pid.ToString(CultureInfo.InvariantCulture),
                Cgroup = entry.Namespaces.Cgroup,
                Net = entry.Namespaces.Net,
                Mnt = entry.Namespaces.Mnt,
                Ipc = entry.Namespaces.Ipc,
            },
        };
    }

    /// <summary>1.9 used the spec's full argv (entrypoint included); before init there is no spec: path and args.</summary>
    private static List<string> Command(LibpodContainerInspect? inspect, JsonElement spec, LibpodContainerListEntry entry)
    {
        if (spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("process", out var process)
            && process.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
        {
            return [.. args.EnumerateArray().Select(a => a.GetString() ?? "")];
        }

        if (inspect is not null && inspect.Path.Length > 0)
        {
            return [inspect.Path, .. inspect.Args ?? []];
        }

        return entry.Command ?? [];
    }

    private static List<ContainerMount> Mounts(LibpodContainerInspect? inspect, JsonElement spec)
    {
        if (spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("mounts", out var mounts) && mounts.ValueKind == JsonValueKind.Array)
        {
            return [.. mounts.EnumerateArray().Select(m => new ContainerMount
            {
                Destination = Text(m, "destination"),
                Type = Text(m, "type"),
                Source = Text(m, "source"),
                Options = m.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Array ? [.. o.EnumerateArray().Select(x => x.GetString() ?? "")] : [],
            })];
        }

        return [.. (inspect?.Mounts ?? []).Select(m => new ContainerMount
        {
            Destination = m.Destination,
            Type = m.Type,
            Source = m.Source,
            Options = m.Options ?? [],
        })];
    }

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>One <c>ContainerPortMappings</c> per port (a range expanded), numbers as decimal strings.</summary>
    public static List<ContainerPortMappings> Ports(List<LibpodPortMapping>? ports)
    {
        var result = new List<ContainerPortMappings>();
        foreach (var port in ports ?? [])
        {
            for (int i = 0; i < Math.Max(1, port.Range); i++)
            {
                result.Add(new ContainerPortMappings
                {
                    HostPort = (port.HostPort + i).ToString(CultureInfo.InvariantCulture),
                    HostIp = port.HostIp,
                    Protocol = port.Protocol,
                    ContainerPort = (port.ContainerPort + i).ToString(CultureInfo.InvariantCulture),
                });
            }
        }

        return result;
    }

    /// <summary>1.9's <c>PsContainer</c> from a list entry.</summary>
    public static PsContainer ToPsContainer(LibpodContainerListEntry entry, bool noTrunc, bool withPod, long nowNanoseconds)
    {
        GoTime.TryParse(entry.Created, out var created);
        var command = string.Join(' ', entry.Command ?? []);
        return new PsContainer
        {
            Id = noTrunc || entry.Id.Length <= 12 ? entry.Id : entry.Id[..12],
            Image = entry.Image,
            Command = noTrunc || command.Length <= 17 ? command : command[..17] + "...",
            Created = GoTime.HumanDuration(nowNanoseconds - created) + " ago",
            Ports = PortsText(entry.Ports),
            Names = entry.Names is { Count: > 0 } names ? names[0] : "",
            IsInfra = entry.IsInfra,
            Status = StatusText(entry, nowNanoseconds),
            State = ContainerStates.ToV1(entry.State),
            PidNum = entry.Pid,
            RootFsSize = entry.Size?.RootFsSize ?? 0,
            RwSize = entry.Size?.RwSize ?? 0,
            Pod = !withPod ? "" : noTrunc || entry.Pod.Length <= 12 ? entry.Pod : entry.Pod[..12],
            CreatedAt = GoTime.FormatNano(created),
            ExitedAt = GoTime.FromUnixSeconds(entry.ExitedAt),
            StartedAt = GoTime.FromUnixSeconds(entry.StartedAt),
            Labels = entry.Labels ?? [],
            NsPid = "",
            Cgroup = entry.Namespaces.Cgroup,
            Ipc = entry.Namespaces.Ipc,
            Mnt = entry.Namespaces.Mnt,
            Net = entry.Namespaces.Net,
            PidNs = entry.Namespaces.Pidns,
            User = entry.Namespaces.User,
            Uts = entry.Namespaces.Uts,
            Mounts = string.Join(' ', entry.Mounts ?? []),
        };
    }

    /// <summary>1.9's ps status text: <c>Up 5 minutes ago</c>, <c>Exited (3) 2 seconds ago</c>, <c>Created</c>, …</summary>
    private static string StatusText(LibpodContainerListEntry entry, long now) => ContainerStates.ToV1(entry.State) switch
    {
        "exited" or "stopped" => $"Exited ({entry.ExitCode}) {GoTime.HumanDuration(now - entry.ExitedAt * 1_000_000_000)} ago",
        "running" => $"Up {GoTime.HumanDuration(now - entry.StartedAt * 1_000_000_000)} ago",
        "paused" => "Paused",
        "created" or "configured" => "Created",
        "removing" => "Removing",
        _ => "Error",
    };

    /// <summary>1.9's ports text: <c>0.0.0.0:8080-&gt;80/tcp</c>, sorted by container port, joined with <c>", "</c>.</summary>
    public static string PortsText(List<LibpodPortMapping>? ports)
    {
        var builder = new StringBuilder();
        foreach (var port in Ports(ports).OrderBy(p => int.Parse(p.ContainerPort, CultureInfo.InvariantCulture))
            .ThenBy(p => p.HostIp, StringComparer.Ordinal).ThenBy(p => int.Parse(p.HostPort, CultureInfo.InvariantCulture)).ThenBy(p => p.Protocol, StringComparer.Ordinal))
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(port.HostIp.Length > 0 ? port.HostIp : "0.0.0.0").Append(':').Append(port.HostPort)
                .Append("->").Append(port.ContainerPort).Append('/').Append(port.Protocol);
        }

        return builder.ToString();
    }
}
