namespace Podman.Machine;

/// <summary>The outcome of a command run in the VM over SSH.</summary>
/// <param name="Command">The command line that ran.</param>
/// <param name="ExitCode">Its exit status (-1 if it ended by a signal).</param>
/// <param name="StandardOutput">What it wrote to stdout.</param>
/// <param name="StandardError">What it wrote to stderr.</param>
public sealed record SshCommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Returns this result if the exit code is 0.</summary>
    /// <returns>This result.</returns>
    /// <exception cref="MachineException">The command failed; the message holds its exit code and stderr.</exception>
    public SshCommandResult EnsureSuccess() =>
        ExitCode == 0
            ? this
            : throw new MachineException($"'{Command}' exited with {ExitCode} in the VM: {StandardError.Trim()}");
}
