using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Podman.Server.Libpod;

namespace Podman.Server.Service;

/// <summary>
/// The JSON-string methods: podman 4.3's inspect data reshaped where 1.9 clients (which unmarshal it
/// into 1.9's Go structs) would fail, and 1.9's internal <c>ContainerState</c>, <c>ContainerConfig</c>
/// and OCI spec rebuilt from inspect.
/// </summary>
internal static class InspectShapes
{
    /// <summary>The largest unsigned 64-bit value: 1.9's ulimits are uint64, so 4.3's −1 (unlimited) becomes this.</summary>
    private const ulong Unlimited = ulong.MaxValue;

    /// <summary>InspectContainer / ContainerInspectData: 4.3's inspect JSON in 1.9's shape.</summary>
    public static string ToV1Inspect(byte[] json)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("The inspect data is not a JSON object.");
        if (root["NetworkSettings"] is JsonObject network)
        {
            network["Ports"] = PortsArray(network["Ports"]);
            network["SecondaryIPAddresses"] = Addresses(network["SecondaryIPAddresses"]);
            network["SecondaryIPv6Addresses"] = Addresses(network["SecondaryIPv6Addresses"]);
        }

        if (root["HostConfig"] is JsonObject hostConfig)
        {
            if (hostConfig["Ulimits"] is JsonArray ulimits)
            {
                foreach (var limit in ulimits.OfType<JsonObject>())
                {
                    Unsigned(limit, "Soft");
                    Unsigned(limit, "Hard");
                }
            }

            if (hostConfig["LogConfig"] is JsonObject log)
            {
                root["LogPath"] = log["Path"]?.DeepClone() ?? "";
                root["LogTag"] = log["Tag"]?.DeepClone() ?? "";
            }
        }

        if (root["State"] is JsonObject state)
        {
            // 1.9 clients compare State.Status with 1.9's names: "configured" for a created container.
            if (state["Status"] is JsonValue status && status.TryGetValue<string>(out var v4))
            {
                state["Status"] = ContainerStates.ToV1(v4);
            }

            if (state["Health"] is { } health)
            {
                state.Remove("Health");
                state["Healthcheck"] = health;
            }
        }

        return root.ToJsonString();
    }

    /// <summary>4.3's docker-style port map <c>{"80/tcp":[{"HostIp","HostPort"}]}</c> → 1.9's ocicni array.</summary>
    private static JsonArray PortsArray(JsonNode? ports)
    {
        var result = new JsonArray();
        if (ports is not JsonObject map)
        {
            return ports is JsonArray already ? (JsonArray)already.DeepClone() : result;
        }

        foreach (var (key, bindings) in map)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var containerPort = int.TryParse(slash < 0 ? key : key[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var cp) ? cp : 0;
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            foreach (var binding in (bindings as JsonArray ?? []).OfType<JsonObject>())
            {
                var hostPort = int.TryParse(binding["HostPort"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var hp) ? hp : 0;
                result.Add((JsonNode)new JsonObject
                {
                    ["hostPort"] = hostPort,
                    ["containerPort"] = containerPort,
                    ["protocol"] = protocol,
                    ["hostIP"] = binding["HostIp"]?.GetValue<string>() ?? "",
                });
            }
        }

        return result;
    }

    /// <summary>4.3's <c>[{Addr, PrefixLength}]</c> → 1.9's list of address strings.</summary>
    private static JsonNode? Addresses(JsonNode? addresses)
    {
        if (addresses is not JsonArray list)
        {
            return addresses?.DeepClone();
        }

        var result = new JsonArray();
        foreach (var item in list)
        {
            result.Add(item is JsonObject address ? address["Addr"]?.DeepClone() ?? "" : item?.DeepClone());
        }

        return result;
    }

    private static void Unsigned(JsonObject limit, string key)
    {
        if (limit[key] is JsonValue value && value.TryGetValue<long>(out var number) && number < 0)
        {
            limit[key] = Unlimited;
        }
    }

    /// <summary>ContainerStateData: 1.9's <c>libpod.ContainerState</c> JSON (state as a number).</summary>
    public static string ToStateData(LibpodContainerInspect inspect, string mountPoint)
    {
        var state = inspect.State;
        var v4 = state.Status;
        var finished = GoTime.TryParse(state.FinishedAt, out var finishedNs) && finishedNs != GoTime.ZeroNanoseconds;
        return Write(writer =>
        {
            writer.WriteNumber("state", ContainerStates.ToV1Number(v4));
            writer.WriteString("configPath", inspect.OciConfigPath);
            writer.WriteString("runDir", inspect.PidFile.Length > 0 ? Path.GetDirectoryName(inspect.PidFile) ?? "" : inspect.StaticDir);
            writer.WriteBoolean("mounted", mountPoint.Length > 0);
            writer.WriteString("mountPoint", mountPoint);
            writer.WriteString("startedTime", GoTime.ToNano(state.StartedAt));
            writer.WriteString("finishedTime", GoTime.ToNano(state.FinishedAt));
            writer.WriteNumber("exitCode", state.ExitCode);
            writer.WriteBoolean("exited", v4 is "exited" or "stopped" && finished);
            writer.WriteBoolean("oomKilled", state.OomKilled);
            writer.WriteNumber("pid", state.Pid);
            writer.WriteNumber("conmonPid", state.ConmonPid);
            writer.WriteNumber("restartCount", inspect.RestartCount);
        });
    }

    /// <summary>ContainerConfig: 1.9's <c>libpod.ContainerConfig</c> JSON, the keys its clients read, built from inspect.</summary>
    public static string ToConfig(LibpodContainerInspect inspect, JsonElement spec, string netNsContainer)
    {
        var config = inspect.Config;
        var host = inspect.HostConfig;
        return Write(writer =>
        {
            writer.WritePropertyName("spec");
            spec.WriteTo(writer);
            writer.WriteString("id", inspect.Id);
            writer.WriteString("name", inspect.Name);
            writer.WriteString("pod", inspect.Pod);
            writer.WriteString("namespace", "");
            writer.WriteString("rootfsImageID", inspect.Image);
            writer.WriteString("rootfsImageName", inspect.ImageName);
            writer.WriteString("createdTime", GoTime.ToNano(inspect.Created));
            writer.WriteStartObject("labels");
            foreach (var (key, value) in config.Labels ?? [])
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("portMappings");
            foreach (var (key, bindings) in host.PortBindings ?? [])
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                int.TryParse(slash < 0 ? key : key[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort);
                foreach (var binding in bindings ?? [])
                {
                    int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort);
                    writer.WriteStartObject();
                    writer.WriteNumber("hostPort", hostPort);
                    writer.WriteNumber("containerPort", containerPort);
                    writer.WriteString("protocol", slash < 0 ? "tcp" : key[(slash + 1)..]);
                    writer.WriteString("hostIP", binding.HostIp);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteString("netNsCtr", netNsContainer);
            writer.WriteNumber("stopSignal", StopSignal(config.StopSignal));
            writer.WriteNumber("stopTimeout", config.StopTimeout);
            WriteList(writer, "command", config.Cmd);
            WriteList(writer, "entrypoint", Entrypoint(config.Entrypoint));
            writer.WriteString("user", config.User);
            writer.WriteString("logPath", host.LogConfig.Path);
            writer.WriteString("logDriver", host.LogConfig.Type);
            writer.WriteString("cgroupParent", host.CgroupParent);
            writer.WriteBoolean("pause", inspect.IsInfra);
            writer.WriteNumber("shmSize", host.ShmSize);
            writer.WriteString("staticDir", inspect.StaticDir);
            writer.WriteBoolean("privileged", host.Privileged);
            writer.WriteStartArray("namedVolumes");
            foreach (var mount in (inspect.Mounts ?? []).Where(m => m.Type == "volume"))
            {
                writer.WriteStartObject();
                writer.WriteString("volumeName", mount.Name);
                writer.WriteString("dest", mount.Destination);
                WriteList(writer, "options", mount.Options);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteList(writer, "userVolumes", [.. (inspect.Mounts ?? []).Where(m => m.Type == "bind").Select(m => m.Destination)]);
        });
    }

    /// <summary>
    /// Spec for a container with no <c>config.json</c> yet (never initialised): the parts 1.9 clients
    /// read (podman-remote reads <c>process.terminal</c> before every attach), from inspect.
    /// </summary>
    public static string SynthesizeSpec(LibpodContainerInspect inspect)
    {
        var config = inspect.Config;
        return Write(writer =>
        {
            writer.WriteString("ociVersion", "1.0.2-dev");
            writer.WriteStartObject("process");
            writer.WriteBoolean("terminal", config.Tty);
            writer.WriteStartObject("user");
            var (uid, gid) = UserIds(config.User);
            writer.WriteNumber("uid", uid);
            writer.WriteNumber("gid", gid);
            writer.WriteEndObject();
            WriteList(writer, "args", [.. inspect.Path.Length > 0 ? [inspect.Path] : Array.Empty<string>(), .. inspect.Args ?? []]);
            WriteList(writer, "env", config.Env);
            writer.WriteString("cwd", config.WorkingDir.Length > 0 ? config.WorkingDir : "/");
            writer.WriteEndObject();
            writer.WriteStartObject("root");
            writer.WriteString("path", inspect.GraphDriver.Data is { } data && data.TryGetValue("MergedDir", out var merged) ? merged : "");
            writer.WriteEndObject();
            writer.WriteString("hostname", config.Hostname);
            writer.WriteStartArray("mounts");
            foreach (var mount in inspect.Mounts ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("destination", mount.Destination);
                writer.WriteString("type", mount.Type);
                writer.WriteString("source", mount.Source);
                WriteList(writer, "options", mount.Options);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static (long Uid, long Gid) UserIds(string user)
    {
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        var uidText = colon < 0 ? user : user[..colon];
        var gidText = colon < 0 ? "" : user[(colon + 1)..];
        long.TryParse(uidText, NumberStyles.None, CultureInfo.InvariantCulture, out var uid);
        long.TryParse(gidText, NumberStyles.None, CultureInfo.InvariantCulture, out var gid);
        return (uid, gid);
    }

    /// <summary>4.3.1's <c>Config.StopSignal</c> is a number; a name (other releases) maps through the signal table.</summary>
    private static long StopSignal(JsonElement signal) => signal.ValueKind switch
    {
        JsonValueKind.Number => signal.GetInt64(),
        JsonValueKind.String => Signals.TryParse(signal.GetString(), out var number) ? number : 15,
        _ => 15,
    };

    /// <summary>4.3.1's <c>Config.Entrypoint</c> is a string (one word list entry); later releases send a list.</summary>
    private static List<string>? Entrypoint(JsonElement entrypoint) => entrypoint.ValueKind switch
    {
        JsonValueKind.Array => [.. entrypoint.EnumerateArray().Select(e => e.GetString() ?? "")],
        JsonValueKind.String when entrypoint.GetString() is { Length: > 0 } text => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
        _ => null,
    };

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string>? values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
