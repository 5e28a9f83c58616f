namespace Varlink.Bridge;

/// <summary>
/// Parses the subset of libvarlink's command line that the bridge needs:
/// <c>varlink bridge --connect ADDRESS</c> (also <c>--connect=ADDRESS</c> and <c>-c ADDRESS</c>), and
/// <c>varlink -A COMMAND bridge</c> (also <c>--activate COMMAND</c>, <c>--activate=COMMAND</c>), and our
/// <c>varlink relay --connect ADDRESS [--listen ADDRESS] [--timeout MS]</c> (see <see cref="Relay"/>).
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
        "       varlink relay --connect ADDRESS [--listen ADDRESS] [--timeout MS]\n" +
        "  relay: accepts connections on the socket passed by activation (LISTEN_FDS) or on --listen,\n" +
        "  and copies each to ADDRESS; with --timeout, exits once no connection was open for MS.\n" +
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
        if (args.Count == 0 || args[0] is not ("bridge" or "relay"))
        {
            error = args.Count == 0 ? "missing command: 'bridge' or 'relay'" : $"unknown command '{args[0]}'; use 'bridge' or 'relay'";
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            name = name == "-c" ? "--connect" : name;
            if (name is not ("--connect" or "--listen" or "--timeout") || (name == "--listen" || name == "--timeout") && args[0] != "relay")
            {
                error = $"unknown argument '{arg}'";
                return null;
            }

            if (eq > 0 && name != arg)
            {
                values[name] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                values[name] = args[++i];
            }
            else
            {
                error = $"option '{arg}' needs {(name == "--timeout" ? "milliseconds" : "an address")}";
                return null;
            }
        }

        values.TryGetValue("--connect", out var address);
        if (args[0] == "relay")
        {
            TimeSpan? timeout = null;
            if (values.TryGetValue("--timeout", out var ms))
            {
                if (!int.TryParse(ms, out var milliseconds) || milliseconds < 0)
                {
                    error = $"--timeout takes milliseconds (0: never), not '{ms}'";
                    return null;
                }

                timeout = milliseconds == 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
            }

            if (string.IsNullOrEmpty(address) || activate is not null)
            {
                error = "'relay' needs --connect ADDRESS (and takes no -A)";
                return null;
            }

            return new BridgeOptions(address, null) { Relay = true, Listen = values.GetValueOrDefault("--listen"), IdleTimeout = timeout };
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
