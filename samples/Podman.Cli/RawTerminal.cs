using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Podman.Cli;

/// <summary>
/// The local terminal in raw mode for an <c>-it</c> session (no echo, no line editing, no signals from
/// Ctrl-C: every key goes to the container), and put back as it was when disposed. termios stays an
/// opaque buffer: libc's <c>cfmakeraw</c> does the flag work, so no struct layout is assumed.
/// </summary>
/// <remarks>
/// .NET's own console must stay out of a session: the first write to <c>Console.OpenStandardOutput()</c> or
/// read of <see cref="Console.WindowWidth"/> sets up .NET's terminal mode (signals and output processing back
/// on), and <c>Console.OpenStandardInput()</c> on a terminal edits and echoes lines itself. So the session
/// uses the file descriptors as plain streams (<see cref="OpenStream"/>) and the size comes from
/// <c>TIOCGWINSZ</c>.
/// </remarks>
internal sealed partial class RawTerminal : IDisposable
{
    public const int StandardInput = 0;
    public const int StandardOutput = 1;
    public const int StandardError = 2;
    private const ulong GetWindowSizeRequest = 0x5413;   // TIOCGWINSZ on Linux
    private const int SetNow = 0;   // TCSANOW

    // Larger than struct termios on every Linux ABI (60 bytes on x86-64 glibc).
    private const int TermiosBufferSize = 256;

    private readonly byte[] _saved;
    private bool _restored;

    private RawTerminal(byte[] saved) => _saved = saved;

    /// <summary>Whether standard input is a terminal.</summary>
    public static bool IsTerminal => !Console.IsInputRedirected && IsATty(StandardInput) == 1;

    /// <summary>Puts standard input's terminal in raw mode; null when standard input is not a terminal.</summary>
    public static RawTerminal? Enter()
    {
        if (!IsTerminal)
        {
            return null;
        }

        var saved = new byte[TermiosBufferSize];
        if (GetAttributes(StandardInput, saved) != 0)
        {
            return null;
        }

        var raw = (byte[])saved.Clone();
        MakeRaw(raw);
        if (SetAttributes(StandardInput, SetNow, raw) != 0)
        {
            throw new IOException($"cannot put the terminal in raw mode (errno {Marshal.GetLastPInvokeError()})");
        }

        return new RawTerminal(saved);
    }

    /// <summary>The terminal's size in columns and rows (standard output's, else standard input's), or null when neither is a terminal.</summary>
    public static (int Width, int Height)? Size()
    {
        foreach (int fd in new[] { StandardOutput, StandardInput })
        {
            var size = new WindowSize();
            if (GetWindowSize(fd, GetWindowSizeRequest, ref size) == 0 && size.Columns > 0 && size.Rows > 0)
            {
                return (size.Columns, size.Rows);
            }
        }

        return null;
    }

    /// <summary>A stream on standard input (0), output (1) or error (2) that bypasses .NET's console (see the remarks).</summary>
    public static Stream OpenStream(int fd) =>
        new FileStream(new SafeFileHandle(fd, ownsHandle: false), fd == StandardInput ? FileAccess.Read : FileAccess.Write, bufferSize: 0);

    public void Dispose()
    {
        if (!_restored)
        {
            _restored = true;
            _ = SetAttributes(StandardInput, SetNow, _saved);
        }
    }

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int GetAttributes(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int SetAttributes(int fd, int when, byte[] termios);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int GetWindowSize(int fd, ulong request, ref WindowSize size);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void MakeRaw(byte[] termios);

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }
}
