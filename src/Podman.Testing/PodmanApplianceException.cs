namespace Podman.Testing;

/// <summary>The appliance of a <see cref="PodmanApplianceFixture"/> did not boot; the message ends with the console's last lines.</summary>
public sealed class PodmanApplianceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="consoleLogPath">The VM's console log.</param>
    /// <param name="consoleTail">Its last lines.</param>
    /// <param name="innerException">The failure underneath.</param>
    public PodmanApplianceException(string reason, string consoleLogPath, string consoleTail, Exception? innerException = null)
        : base($"{reason}\n--- last lines of {consoleLogPath} ---\n{consoleTail}", innerException)
    {
        ConsoleLogPath = consoleLogPath;
        ConsoleTail = consoleTail;
    }

    /// <summary>The VM's console log.</summary>
    public string ConsoleLogPath { get; }

    /// <summary>Its last lines when the boot failed.</summary>
    public string ConsoleTail { get; }
}
