namespace Podman.Machine;

/// <summary>
/// The VM did not come up: qemu refused to start or exited, or the appliance was not ready (SSH and
/// podman answering) before the boot timeout. The message ends with the last lines of the serial
/// console, which <see cref="ConsoleTail"/> also holds.
/// </summary>
public sealed class MachineBootException : MachineException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the boot failed.</param>
    /// <param name="consoleLogPath">The console log file of the machine.</param>
    /// <param name="consoleTail">The last lines of the console log (may be empty).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public MachineBootException(string reason, string consoleLogPath, string consoleTail, Exception? innerException = null)
        : base(Compose(reason, consoleLogPath, consoleTail), innerException)
    {
        Reason = reason;
        ConsoleLogPath = consoleLogPath;
        ConsoleTail = consoleTail;
    }

    /// <summary>Why the boot failed, without the console lines.</summary>
    public string Reason { get; }

    /// <summary>The path of the serial console log.</summary>
    public string ConsoleLogPath { get; }

    /// <summary>The last lines of the serial console at the time of the failure.</summary>
    public string ConsoleTail { get; }

    private static string Compose(string reason, string path, string tail) =>
        tail.Length == 0
            ? $"{reason} The console log {path} is empty."
            : $"{reason} Last lines of the console log {path}:{Environment.NewLine}{tail}";
}
