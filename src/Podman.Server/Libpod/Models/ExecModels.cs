using System.Text.Json.Serialization;

namespace Podman.Server.Libpod;

/// <summary>The body of POST /libpod/containers/{name}/exec (docker's exec create config).</summary>
internal sealed class LibpodExecCreate
{
    public bool AttachStdin { get; set; }

    public bool AttachStdout { get; set; }

    public bool AttachStderr { get; set; }

    public bool Tty { get; set; }

    public List<string> Cmd { get; set; } = [];

    public List<string>? Env { get; set; }

    public string? User { get; set; }

    public string? WorkingDir { get; set; }

    public bool Privileged { get; set; }

    /// <summary>"" is the engine's default (containers.conf), not "none".</summary>
    public string DetachKeys { get; set; } = "";
}

/// <summary>The body of POST /libpod/exec/{id}/start.</summary>
internal sealed class LibpodExecStart
{
    public bool Detach { get; set; }

    public bool Tty { get; set; }

    /// <summary>The terminal's height the session starts with (with <see cref="Tty"/>); none: the engine's default.</summary>
    [JsonPropertyName("h")]
    public int? Height { get; set; }

    /// <summary>The terminal's width the session starts with.</summary>
    [JsonPropertyName("w")]
    public int? Width { get; set; }
}

/// <summary>GET /libpod/exec/{id}/json, the fields read.</summary>
internal sealed class LibpodExecInspect
{
    public bool Running { get; set; }

    public int ExitCode { get; set; }

    public string ContainerId { get; set; } = "";
}

/// <summary>Source-generated JSON metadata of the attach and exec models (as <see cref="LibpodJsonContext"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(LibpodExecCreate))]
[JsonSerializable(typeof(LibpodExecStart))]
[JsonSerializable(typeof(LibpodExecInspect))]
internal sealed partial class LibpodSessionJsonContext : JsonSerializerContext;
