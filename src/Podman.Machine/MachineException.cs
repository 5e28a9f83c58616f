namespace Podman.Machine;

/// <summary>
/// The base of the errors Podman.Machine raises: a tool that failed (qemu-img, ssh-keygen), a machine
/// that does not exist or is in the wrong state, a command that failed inside the VM.
/// </summary>
public class MachineException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, in words that say what to do about it.</param>
    public MachineException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public MachineException(string message, Exception? innerException) : base(message, innerException) { }
}
