namespace Varlink.Bridge;

/// <summary>
/// Parses the subset of libvarlink's command line that the bridge needs:
/// <c>varlink bridge --connect ADDRESS</c> (also <c>--connect=ADDRESS</c> and <c>-c ADDRESS</c>).
/// </summary>
internal static class BridgeCommandLine
{
    public const string Usage =
        "usage: varlink bridge --connect ADDRESS\n" +
        "  Copies stdin to the varlink service at ADDRESS and its replies to stdout, byte for byte\n" +
        "  (no parsing, so upgraded connections work). ADDRESS: unix:/path, unix:@abstract, tcp:host:port.\n" +
        "  Exit codes: 0 done, 64 usage, 69 service unreachable, 74 I/O error.\n";

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are wrong.</summary>
    public static BridgeOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
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

        if (string.IsNullOrEmpty(address))
        {
            error = "'bridge' needs --connect ADDRESS (resolver mode is not supported: it breaks upgraded calls)";
            return null;
        }

        return new BridgeOptions(address);
    }
}
