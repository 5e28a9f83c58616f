using System.Globalization;
using System.Text;

namespace Podman.Machine;

/// <summary>One step of a machine start: when the host saw it, and the guest's uptime when the guest announced it.</summary>
/// <param name="Name">The phase: a host step (<see cref="MachineBootTimings.QemuStarted"/>, …) or a guest phase
/// from the console (<c>boot2podman: phase NAME UPTIME</c>: init, modules, network, datadisk, keys, sshd, podman,
/// io.podman, ready).</param>
/// <param name="HostElapsed">Host time since the start began when the host saw the phase.</param>
/// <param name="GuestUptime">The guest's uptime the guest printed with the phase; null for host steps.</param>
public sealed record MachineBootPhase(string Name, TimeSpan HostElapsed, TimeSpan? GuestUptime);

/// <summary>The phases of one <see cref="PodmanMachine.StartAsync"/>, in the order the host saw them.</summary>
public sealed class MachineBootTimings
{
    /// <summary>Host step: qemu was launched (daemonized, its pid file written).</summary>
    public const string QemuStarted = "qemu started";

    /// <summary>Host step: the first byte on the serial console.</summary>
    public const string FirstConsoleOutput = "console output";

    /// <summary>Host step (restore): qemu loaded the saved state and the guest runs.</summary>
    public const string StateLoaded = "state loaded";

    /// <summary>Host step (restore): the guest clock was set to the host's through SSH (in the same exec as the readiness call, so at the same time as <see cref="Ready"/>).</summary>
    public const string ClockSet = "clock set";

    /// <summary>Host step: the SSH server's identification line arrived (sshd accepted the connection and forked its child).</summary>
    public const string SshBanner = "ssh banner (host)";

    /// <summary>Host step: the SSH key exchange is done and the server's host key is the pinned one (user authentication follows).</summary>
    public const string SshHostKey = "ssh host key (host)";

    /// <summary>Host step: the host's SSH connection is up (pinned host key).</summary>
    public const string SshConnected = "ssh (host)";

    /// <summary>Host step: io.podman answered GetVersion through the bridge over SSH: the machine is ready.</summary>
    public const string Ready = "io.podman (host): ready";

    internal MachineBootTimings(IReadOnlyList<MachineBootPhase> phases, bool restored)
    {
        Phases = phases;
        Restored = restored;
    }

    /// <summary>The phases in the order the host saw them.</summary>
    public IReadOnlyList<MachineBootPhase> Phases { get; }

    /// <summary>Whether the machine was resumed from a snapshot rather than booted.</summary>
    public bool Restored { get; }

    /// <summary>From the start to <see cref="Ready"/> (or to the last phase seen).</summary>
    public TimeSpan Total => Phases.Count == 0 ? TimeSpan.Zero : Phases[^1].HostElapsed;

    /// <summary>The phase table: name, guest uptime and host time in seconds, one phase a line.</summary>
    /// <returns>The table, lines ending with a newline.</returns>
    public string FormatTable()
    {
        int width = Math.Max("phase".Length, Phases.Count == 0 ? 0 : Phases.Max(p => p.Name.Length));
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"phase".PadRight(width)}  {"guest s",8}  {"host s",8}\n");
        foreach (MachineBootPhase phase in Phases)
        {
            string guest = phase.GuestUptime is { } up ? up.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            table.Append(CultureInfo.InvariantCulture, $"{phase.Name.PadRight(width)}  {guest,8}  {phase.HostElapsed.TotalSeconds,8:0.00}\n");
        }

        return table.ToString();
    }

    /// <summary>The host time at which <paramref name="name"/> was seen, or null.</summary>
    /// <param name="name">A phase name.</param>
    /// <returns>The time since the start began, or null when the phase was not seen.</returns>
    public TimeSpan? HostElapsedOf(string name) => Phases.FirstOrDefault(p => p.Name == name)?.HostElapsed;
}
