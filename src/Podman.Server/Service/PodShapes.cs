using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;

namespace Podman.Server.Service;

/// <summary>Pods in 1.9's shapes: the status 1.9 computed from its containers, ListPodData, and the PodInspect JSON.</summary>
internal static class PodShapes
{
    /// <summary>
    /// 1.9's pod status from its containers' podman 4 states: none → Created; any running → Running;
    /// all paused → Paused; all stopped or exited → Exited; some → Stopped; any unknown → Error; else
    /// Created. (4.3's own <c>Degraded</c> is 1.9's Running.)
    /// </summary>
    public static string Status(IEnumerable<string> states)
    {
        int count = 0, running = 0, paused = 0, stopped = 0, created = 0, errored = 0;
        foreach (var state in states)
        {
            count++;
            switch (ContainerStates.ToV1(state))
            {
                case "running":
                    running++;
                    break;
                case "paused":
                    paused++;
                    break;
                case "stopped" or "exited":
                    stopped++;
                    break;
                case "configured" or "created":
                    created++;
                    break;
                default:
                    errored++;
                    break;
            }
        }

        return count switch
        {
            0 => "Created",
            _ when running > 0 => "Running",
            _ when paused == count => "Paused",
            _ when stopped == count => "Exited",
            _ when stopped > 0 => "Stopped",
            _ when errored > 0 => "Error",
            _ => "Created",
        };
    }

    /// <summary>A pod list entry as ListPodData (the container count as a string, as 1.9).</summary>
    public static ListPodData ToListPodData(LibpodPod pod) => new()
    {
        Id = pod.Id,
        Name = pod.Name,
        Createdat = GoTime.ToSeconds(pod.Created),
        Cgroup = pod.Cgroup,
        Status = Status(pod.Containers.Select(c => c.Status)),
        Labels = pod.Labels ?? [],
        Numberofcontainers = pod.Containers.Count.ToString(CultureInfo.InvariantCulture),
        Containersinfo = [.. pod.Containers.Select(c => new ListPodContainerInfo { Name = c.Names, Id = c.Id, Status = ContainerStates.ToV1(c.Status) })],
    };

    /// <summary>A pod inspect as ListPodData (GetPod).</summary>
    public static ListPodData ToListPodData(LibpodPodInspect pod) => new()
    {
        Id = pod.Id,
        Name = pod.Name,
        Createdat = GoTime.ToSeconds(pod.Created),
        Cgroup = pod.CgroupParent,
        Status = Status(pod.Containers.Select(c => c.State)),
        Labels = pod.Labels ?? [],
        Numberofcontainers = pod.Containers.Count.ToString(CultureInfo.InvariantCulture),
        Containersinfo = [.. pod.Containers.Select(c => new ListPodContainerInfo { Name = c.Name, Id = c.Id, Status = ContainerStates.ToV1(c.State) })],
    };

    /// <summary>
    /// InspectPod / PodStateData: 1.9's <c>libpod.PodInspect</c> JSON (<c>Config</c>, <c>State</c>,
    /// <c>Containers</c>). A never-started container's state goes out as <c>created</c>: podman-remote
    /// 1.9 does not read back <c>configured</c> here and would show the pod as Error.
    /// </summary>
    public static string ToInspect(LibpodPodInspect pod)
    {
        var shared = new HashSet<string>(pod.SharedNamespaces ?? [], StringComparer.Ordinal);
        var infra = pod.InfraConfig ?? new LibpodPodInfraConfig();
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Config");
            writer.WriteString("id", pod.Id);
            writer.WriteString("name", pod.Name);
            writer.WriteString("namespace", "");
            writer.WriteString("hostname", pod.Hostname);
            writer.WriteStartObject("labels");
            foreach (var (key, value) in pod.Labels ?? [])
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteString("cgroupParent", pod.CgroupParent);
            writer.WriteBoolean("sharesCgroup", pod.CreateCgroup);
            foreach (var (key, ns) in new[] { ("sharesPid", "pid"), ("sharesIpc", "ipc"), ("sharesNet", "net"), ("sharesMnt", "mnt"), ("sharesUser", "user"), ("sharesUts", "uts") })
            {
                writer.WriteBoolean(key, shared.Contains(ns));
            }

            writer.WriteStartObject("infraConfig");
            writer.WriteBoolean("makeInfraContainer", pod.CreateInfra);
            writer.WriteBoolean("infraHostNetwork", infra.HostNetwork);
            writer.WriteStartArray("infraPortBindings");
            foreach (var (key, bindings) in infra.PortBindings ?? [])
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                _ = int.TryParse(slash < 0 ? key : key[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort);
                foreach (var binding in bindings ?? [])
                {
                    _ = int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort);
                    writer.WriteStartObject();
                    writer.WriteNumber("hostPort", hostPort);
                    writer.WriteNumber("containerPort", containerPort);
                    writer.WriteString("protocol", slash < 0 ? "tcp" : key[(slash + 1)..]);
                    writer.WriteString("hostIP", binding.HostIp);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            foreach (var (key, values) in new[] { ("dnsServer", infra.DnsServer), ("dnsSearch", infra.DnsSearch), ("dnsOption", infra.DnsOption), ("hostsAdd", infra.HostAdd), ("networks", infra.Networks) })
            {
                writer.WriteStartArray(key);
                foreach (var value in values ?? [])
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteString("created", GoTime.ToNano(pod.Created));
            writer.WriteNumber("lockID", 0);
            writer.WriteEndObject();

            writer.WriteStartObject("State");
            writer.WriteString("cgroupPath", pod.CgroupPath);
            writer.WriteString("infraContainerID", pod.InfraContainerId);
            writer.WriteString("status", Status(pod.Containers.Select(c => c.State)));
            writer.WriteEndObject();

            writer.WriteStartArray("Containers");
            foreach (var container in pod.Containers)
            {
                var state = ContainerStates.ToV1(container.State);
                writer.WriteStartObject();
                writer.WriteString("id", container.Id);
                writer.WriteString("state", state == "configured" ? "created" : state);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>libpod's per-container failure texts as PodContainerErrorData: the 64-hex ID after "container " (or ""), the whole text.</summary>
    public static IReadOnlyList<PodContainerErrorData> Errors(IEnumerable<string> errs)
        => [.. errs.Select(e => new PodContainerErrorData { Containerid = ContainerIdIn(e), Reason = e })];

    private static string ContainerIdIn(string text)
    {
        for (var at = text.IndexOf("container ", StringComparison.Ordinal); at >= 0; at = text.IndexOf("container ", at + 1, StringComparison.Ordinal))
        {
            var start = at + "container ".Length;
            if (start + 64 <= text.Length && text.AsSpan(start, 64).IndexOfAnyExcept("0123456789abcdef") < 0)
            {
                return text.Substring(start, 64);
            }
        }

        return "";
    }
}
