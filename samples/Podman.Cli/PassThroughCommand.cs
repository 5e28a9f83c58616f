using System.CommandLine;

namespace Podman.Cli;

/// <summary>
/// A verb whose options end at its first argument, as podman's do (<c>run [OPTIONS] IMAGE [COMMAND [ARG…]]</c>,
/// <c>exec [OPTIONS] CONTAINER COMMAND…</c>): <c>run busybox ls -l</c> passes <c>-l</c> to <c>ls</c>.
/// <see cref="Prepare"/> puts a <c>--</c> before that first argument, so System.CommandLine takes every word
/// from there on as an argument, unchanged and in order.
/// </summary>
internal sealed class PassThroughCommand(string name, string description) : Command(name, description)
{
    /// <summary>Returns <paramref name="args"/> with <c>--</c> before the first argument of a pass-through verb.</summary>
    public static string[] Prepare(RootCommand root, string[] args)
    {
        Command current = root;
        var options = new List<Option>(root.Options);
        for (int i = 0; i < args.Length; i++)
        {
            string word = args[i];
            if (word == "--" || (i == 0 && word.StartsWith('[')))
            {
                return args;   // already explicit, or a directive ([suggest:N]) for completion
            }

            if (word.StartsWith('-') && word.Length > 1)
            {
                if (ValuesTaken(word, options, i + 1 < args.Length) is not { } taken)
                {
                    return args;   // an option this verb does not have: the parser says so
                }

                i += taken;
                continue;
            }

            if (current is PassThroughCommand)
            {
                return [.. args[..i], "--", .. args[i..]];
            }

            Command? sub = current.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
            if (sub is null)
            {
                return args;   // an argument of an ordinary verb (or a typo the parser reports)
            }

            current = sub;
            options.RemoveAll(o => !o.Recursive);
            options.AddRange(sub.Options);
        }

        return args;
    }

    // How many of the following words the option word takes as its value (0 or 1); null for an unknown option.
    private static int? ValuesTaken(string word, List<Option> options, bool hasNext)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            return Find(options, word) is not { } option ? null
                : !word.Contains('=', StringComparison.Ordinal) && TakesValue(option) && hasNext ? 1 : 0;
        }

        if (Find(options, word) is { } exact)
        {
            return TakesValue(exact) && hasNext ? 1 : 0;
        }

        // A bundle of short options (-it, -dp 8080:80): a letter that takes a value takes the rest of the word, or the next word.
        for (int c = 1; c < word.Length; c++)
        {
            if (Find(options, "-" + word[c]) is not { } letter)
            {
                return null;
            }

            if (TakesValue(letter))
            {
                return c == word.Length - 1 && hasNext ? 1 : 0;
            }
        }

        return 0;
    }

    private static Option? Find(List<Option> options, string word)
    {
        string name = word.Split('=', 2)[0];
        return options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
    }

    private static bool TakesValue(Option option) => option.Arity.MinimumNumberOfValues > 0;
}
