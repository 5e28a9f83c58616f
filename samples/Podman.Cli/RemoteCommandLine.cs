namespace Podman.Cli;

/// <summary>Turns an argument vector into the one command line an SSH server hands to the remote shell.</summary>
internal static class RemoteCommandLine
{
    /// <summary>
    /// One word is a command line for the remote shell, as with <c>ssh host 'cmd | other'</c>; two or
    /// more are an argv, each word quoted so the remote program receives exactly these words.
    /// </summary>
    public static string Build(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count == 0)
        {
            throw new UsageException("a command is needed: machine ssh [NAME] -- COMMAND [ARG...]");
        }

        return words.Count == 1 ? words[0] : string.Join(' ', words.Select(Quote));
    }

    /// <summary>Returns <paramref name="word"/> unchanged when the POSIX shell reads it as itself, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(IsSafe)
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '.' or '_' or '-' or '@' or '=' or ',' or '+' or '%';
}
