namespace Varlink.Ssh;

/// <summary>Quotes words for the POSIX shell that runs the bridge command on the server.</summary>
internal static class ShellQuote
{
    /// <summary>Returns <paramref name="word"/> unchanged when it is safe, otherwise in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsSafe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '.' or '_' or '-' or '@' or '=' or ',' or '+';
}
