namespace Varlink.Ssh;

/// <summary>
/// The bridge command on the server ended with an error, e.g. because the varlink socket it should
/// connect to does not exist. The message carries the command, its exit status and its error output.
/// </summary>
public sealed class SshBridgeException : SshTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="host">The SSH server, as <c>host</c> or <c>[host]:port</c>.</param>
    /// <param name="bridgeCommand">The command that ran on the server.</param>
    /// <param name="exitStatus">Its exit status, or null when it was ended by a signal.</param>
    /// <param name="errorOutput">What it wrote to its standard error.</param>
    public SshBridgeException(string host, string bridgeCommand, int? exitStatus, string errorOutput)
        : base(host, FormatMessage(host, bridgeCommand, exitStatus, errorOutput), null, isTransient: false)
    {
        BridgeCommand = bridgeCommand;
        ExitStatus = exitStatus;
        ErrorOutput = errorOutput;
    }

    /// <summary>The command that ran on the server.</summary>
    public string BridgeCommand { get; }

    /// <summary>Its exit status, or null when it was ended by a signal.</summary>
    public int? ExitStatus { get; }

    /// <summary>What it wrote to its standard error.</summary>
    public string ErrorOutput { get; }

    private static string FormatMessage(string host, string command, int? exitStatus, string errorOutput)
    {
        var status = exitStatus is { } code ? $"exited with status {code}" : "was ended by a signal";
        var detail = string.IsNullOrWhiteSpace(errorOutput) ? "(it wrote nothing to stderr)" : errorOutput.Trim();
        return $"The bridge command '{command}' on {host} {status}: {detail}";
    }
}
