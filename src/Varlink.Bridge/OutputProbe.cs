using System.Runtime.InteropServices;

namespace Varlink.Bridge;

/// <summary>
/// Whether the reader of a pipe or socket the bridge writes to has gone: poll(2) with no events asked still reports
/// POLLERR (a pipe whose read end is closed), POLLHUP (a socket whose peer closed) and POLLNVAL (a closed fd).
/// </summary>
internal static partial class OutputProbe
{
    private const short PollErr = 0x008;
    private const short PollHup = 0x010;
    private const short PollNval = 0x020;

    public static bool ReaderIsGone(int fd)
    {
        var entry = new PollFd { Fd = fd };
        return Poll(ref entry, 1, 0) > 0 && (entry.Revents & (PollErr | PollHup | PollNval)) != 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);
}
