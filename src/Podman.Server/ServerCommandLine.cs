namespace Podman.Server;

/// <summary>How the program was asked to run.</summary>
internal sealed record ServerOptions(string Listen, string LibpodSocket, string? Resolver);

/// <summary>Parses <c>podman-server [--listen ADDRESS] [--libpod PATH] [--resolver ADDRESS | --no-resolver]</c>.</summary>
internal static class ServerCommandLine
{
    public const string DefaultListen = "unix:/run/podman/io.podman;mode=0600";
    public const string DefaultResolver = "unix:/run/org.varlink.resolver;mode=0666";

    public const string Usage =
        "usage: podman-server [--listen ADDRESS] [--libpod PATH] [--resolver ADDRESS | --no-resolver]\n" +
        "  Serves io.podman (podman 1.9.3's varlink interface) on top of podman's libpod REST API.\n" +
        "  --listen ADDRESS    where io.podman listens (default " + DefaultListen + ")\n" +
        "  --libpod PATH       podman's API socket (default /run/podman/podman.sock)\n" +
        "  --resolver ADDRESS  where org.varlink.resolver listens (default " + DefaultResolver + ")\n" +
        "  --no-resolver       serve no resolver\n" +
        "  Exit codes: 0 stopped (SIGTERM, SIGINT, or after io.podman.Reset), 64 usage, 71 cannot listen.\n";

    public static ServerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string listen = DefaultListen, libpod = Libpod.LibpodClient.DefaultSocketPath;
        string? resolver = DefaultResolver;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var key = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            string? Value()
            {
                if (eq > 0 && key != arg)
                {
                    return arg[(eq + 1)..];
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            switch (key)
            {
                case "--listen":
                    listen = Value() ?? "";
                    break;
                case "--libpod":
                    libpod = Value() ?? "";
                    break;
                case "--resolver":
                    resolver = Value() ?? "";
                    break;
                case "--no-resolver":
                    resolver = null;
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return null;
            }

            if (listen.Length == 0 || libpod.Length == 0 || resolver is { Length: 0 })
            {
                error = $"option '{key}' needs a value";
                return null;
            }
        }

        return new ServerOptions(listen, libpod, resolver);
    }
}
