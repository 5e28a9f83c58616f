using System.Globalization;

namespace Podman.Cli;

/// <summary>A tiny parser: positional words, <c>--name value</c> options, <c>--flag</c>s, and everything after <c>--</c>.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (arg == "--")
            {
                while (e.MoveNext())
                {
                    Rest.Add(e.Current);
                }

                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(arg);
                continue;
            }

            string name = arg[2..];
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                _options[name[..eq]] = name[(eq + 1)..];
            }
            else if (flags.Contains(name))
            {
                _options[name] = null;
            }
            else
            {
                _options[name] = e.MoveNext() ? e.Current : throw new UsageException($"--{name} needs a value");
            }
        }
    }

    public List<string> Positional { get; } = [];

    public List<string> Rest { get; } = [];

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public int? GetInt(string name) =>
        Get(name) is not { } value
            ? null
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new UsageException($"--{name} takes a whole number, not '{value}'");
}
