using System.Runtime.InteropServices;

namespace Podman.Cli;

/// <summary>
/// The local terminal in raw mode for an <c>-it</c> session (no echo, no line editing, no signals from
/// Ctrl-C: every key goes to the container), and put back as it was when disposed. termios stays an
/// opaque buffer: libc's <c>cfmakeraw</c> does the flag work, so no struct layout is assumed.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int StandardInput = 0;
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

    /// <summary>The terminal's size in columns and rows, or null when there is no terminal.</summary>
    public static (int Width, int Height)? Size()
    {
        try
        {
            return Console.WindowWidth > 0 && Console.WindowHeight > 0 ? (Console.WindowWidth, Console.WindowHeight) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

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

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void MakeRaw(byte[] termios);
}
