using System.CommandLine;
using Podman.Client;

namespace Podman.Cli;

/// <summary>Plumbing shared by the container verbs: the client for the chosen connection, names that are not options.</summary>
internal static class Verb
{
    /// <summary>
    /// An action on a <see cref="PodmanClient"/> for the resolved connection (--connection/--url, the
    /// environment, the default machine), guarded as every verb is (<see cref="Cli.Guard"/>).
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> WithClient(Func<ParseResult, PodmanClient, CancellationToken, Task<int>> action) =>
        Cli.Guard(async (parse, token) =>
        {
            await using PodmanClient podman = await PodmanConnect.OpenAsync(parse, token);
            return await action(parse, podman, token);
        });

    /// <summary>A command with the connection options, so that they may also follow the verb.</summary>
    public static Command Create(string name, string description, params Symbol[] symbols)
    {
        var command = new Command(name, description) { Cli.Connection, Cli.Url };
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Command sub:
                    command.Subcommands.Add(sub);
                    break;
            }
        }

        return command;
    }

    /// <summary>NAME… arguments (one or more unless <paramref name="optional"/>) that refuse a misspelt option taken for a name.</summary>
    public static Argument<string[]> Names(string name, string description, bool optional = false)
    {
        var argument = new Argument<string[]>(name) { Description = description, Arity = optional ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore };
        NotAnOption(argument);
        return argument;
    }

    /// <summary>One NAME argument that refuses a misspelt option taken for it.</summary>
    public static Argument<string> Name(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        NotAnOption(argument);
        return argument;
    }

    /// <summary>KEY=VALUE words (-e, --label) as a map; a bare KEY of -e takes this process's value, as podman does.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string> words, string option, bool fromEnvironment = false)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals == 0 || word.Length == 0)
            {
                throw new UsageException($"{option} '{word}': expected KEY=VALUE");
            }

            if (equals < 0)
            {
                if (!fromEnvironment)
                {
                    throw new UsageException($"{option} '{word}': expected KEY=VALUE");
                }

                if (Environment.GetEnvironmentVariable(word) is { } value)
                {
                    map[word] = value;
                }

                continue;
            }

            map[word[..equals]] = word[(equals + 1)..];
        }

        return map;
    }

    /// <summary>A TimeSpan from whole seconds given on the command line.</summary>
    public static Option<int> Seconds(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out int value) && value < 0)
            {
                result.AddError($"{name} must be 0 or more seconds");
            }
        });
        return option;
    }

    private static void NotAnOption(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError($"'{token.Value}' is not an option of this command (see --help)");
            }
        });
}
