using System.Runtime.InteropServices;

namespace Varlink.PeerComparison;

/// <summary>The one libc call .NET has no managed equivalent for: sending SIGTERM to a pid.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
