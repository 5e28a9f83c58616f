using Microsoft.Extensions.Logging;

namespace Podman.Machine;

/// <summary>The log messages of Podman.Machine (source-generated, allocation-free when disabled).</summary>
internal static partial class MachineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Machine {Name} runs under {Accelerator} (qemu pid {ProcessId}, SSH on 127.0.0.1:{SshPort}): {Reason}")]
    public static partial void Started(ILogger logger, string name, MachineAccelerator accelerator, int processId, int sshPort, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Machine {Name}: the guest did not run under KVM ({Reason}); starting it again under TCG")]
    public static partial void KvmFallback(ILogger logger, string name, string reason);
}
