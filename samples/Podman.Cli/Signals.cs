using System.Globalization;

namespace Podman.Cli;

/// <summary>Signal names and numbers as Linux on x86-64 has them (kill --signal, stop signals).</summary>
internal static class Signals
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    /// <summary>A number (1-64), or a name with or without SIG (any case).</summary>
    /// <exception cref="UsageException">Not a signal.</exception>
    public static int Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number is >= 1 and <= 64 ? number : throw new UsageException($"--signal {text}: a signal number is 1 to 64");
        }

        string name = text.ToUpperInvariant();
        name = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        int index = Array.IndexOf(Names, name);
        return index > 0 ? index : throw new UsageException($"--signal {text}: not a signal name (KILL, TERM, HUP, INT, USR1, …)");
    }
}
