using System.CommandLine;
using System.CommandLine.Parsing;

namespace Podman.Cli;

/// <summary>"Did you mean …?" for a misspelt option or verb: the known names of the command at hand closest to the word.</summary>
internal static class Suggestions
{
    public static IEnumerable<string> For(ParseResult parse)
    {
        Command command = parse.CommandResult.Command;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (Option option in command.Options.Concat(Ancestors(parse).SelectMany(c => c.Options.Where(o => o.Recursive))))
        {
            known.Add(option.Name);
            known.UnionWith(option.Aliases);
        }

        foreach (Command sub in command.Subcommands.Where(c => !c.Hidden))
        {
            known.Add(sub.Name);
            known.UnionWith(sub.Aliases);
        }

        var words = parse.UnmatchedTokens
            .Concat(parse.Tokens.Where(t => t.Type == TokenType.Argument && t.Value.StartsWith('-') && t.Value.Length > 1).Select(t => t.Value))
            .Where(word => !known.Contains(word))
            .Distinct(StringComparer.Ordinal);
        foreach (string word in words)
        {
            string? best = known
                .Where(name => name.StartsWith('-') == word.StartsWith('-'))
                .Select(name => (Name: name, Distance: Distance(word, name)))
                .Where(candidate => candidate.Distance <= Math.Max(2, word.Length / 3))
                .OrderBy(candidate => candidate.Distance).ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
                .Select(candidate => candidate.Name)
                .FirstOrDefault();
            if (best is not null)
            {
                yield return $"'{word}' is not known here; did you mean '{best}'?";
            }
        }
    }

    private static IEnumerable<Command> Ancestors(ParseResult parse)
    {
        for (SymbolResult? result = parse.CommandResult.Parent; result is not null; result = result.Parent)
        {
            if (result is CommandResult commandResult)
            {
                yield return commandResult.Command;
            }
        }
    }

    // Levenshtein distance (insert, delete, substitute), two rows.
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
