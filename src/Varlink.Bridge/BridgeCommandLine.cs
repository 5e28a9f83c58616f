namespace Varlink.Bridge;

/// <summary>
/// Parses the subset of libvarlink's command line that the bridge needs:
/// <c>varlink bridge --connect ADDRESS</c> (also <c>--connect=ADDRESS</c> and <c>-c ADDRESS</c>), and
/// <c>varlink -A COMMAND bridge</c> (also <c>--activate COMMAND</c>, <c>--activate=COMMAND</c>).
/// </summary>
internal static class BridgeCommandLine
{
    public const string Usage =
        "usage: varlink bridge --connect ADDRESS\n" +
        "       varlink -A COMMAND bridge\n" +
        "  Copies stdin to the varlink service at ADDRESS and its replies to stdout, byte for byte\n" +
        "  (no parsing, so upgraded connections work). ADDRESS: unix:/path, unix:@abstract, tcp:host:port.\n" +
        "  -A, --activate COMMAND: start `sh -c COMMAND` with a listening socket passed as fd 3\n" +
        "  (LISTEN_FDS=1, $VARLINK_ADDRESS set) and bridge to it; the service is stopped when the bridge ends.\n" +
        "  Exit codes: 0 done, 64 usage, 69 service unreachable, 74 I/O error.\n";

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are wrong.</summary>
    public static BridgeOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? activate = null;
        var at = 0;
        for (; at < args.Count && args[at].StartsWith('-'); at++)
        {
            var arg = args[at];
            if (arg is "-A" or "--activate")
            {
                if (at + 1 >= args.Count)
                {
                    error = $"option '{arg}' needs a command";
                    return null;
                }

                activate = args[++at];
            }
            else if (arg.StartsWith("--activate=", StringComparison.Ordinal))
            {
                activate = arg["--activate=".Length..];
            }
            else
            {
                error = $"unknown option '{arg}'";
                return null;
            }
        }

        args = [.. args.Skip(at)];
        if (args.Count == 0)
        {
            error = "missing command; only 'bridge' is supported";
            return null;
        }

        if (args[0] != "bridge")
        {
            error = $"unknown command '{args[0]}'; only 'bridge --connect ADDRESS' is supported";
            return null;
        }

        string? address = null;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--connect" or "-c")
            {
                if (i + 1 >= args.Count)
                {
                    error = $"option '{arg}' needs an address";
                    return null;
                }

                address = args[++i];
            }
            else if (arg.StartsWith("--connect=", StringComparison.Ordinal))
            {
                address = arg["--connect=".Length..];
            }
            else
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
        }

        if (address is not null && activate is not null)
        {
            error = "-A COMMAND and --connect ADDRESS exclude each other";
            return null;
        }

        if (string.IsNullOrEmpty(address) && string.IsNullOrEmpty(activate))
        {
            error = "'bridge' needs --connect ADDRESS or -A COMMAND (resolver mode is not supported: it breaks upgraded calls)";
            return null;
        }

        return new BridgeOptions(address, activate);
    }
}
