namespace Podman.Server;

/// <summary>How the program was asked to run.</summary>
internal sealed record ServerOptions(string Listen, string LibpodSocket, string? Resolver, string? VersionCache = null, string? VersionCacheKey = null);

/// <summary>Parses <c>podman-server [--listen ADDRESS] [--libpod PATH] [--resolver ADDRESS | --no-resolver] [--version-cache FILE --version-cache-key FILE]</c>.</summary>
internal static class ServerCommandLine
{
    public const string DefaultListen = "unix:/run/podman/io.podman;mode=0600";
    public const string DefaultResolver = "unix:/run/org.varlink.resolver;mode=0666";

    public const string Usage =
        "usage: podman-server [--listen ADDRESS] [--libpod PATH] [--resolver ADDRESS | --no-resolver]\n" +
        "                     [--version-cache FILE --version-cache-key FILE]\n" +
        "  Serves io.podman (podman 1.9.3's varlink interface) on top of podman's libpod REST API.\n" +
        "  --listen ADDRESS    where io.podman listens (default " + DefaultListen + ")\n" +
        "  --libpod PATH       podman's API socket (default /run/podman/podman.sock)\n" +
        "  --resolver ADDRESS  where org.varlink.resolver listens (default " + DefaultResolver + ")\n" +
        "  --no-resolver       serve no resolver\n" +
        "  --version-cache FILE      keeps GetVersion's answer in FILE across restarts, for one podman build:\n" +
        "                            a valid FILE answers it without asking podman's /version (seconds under TCG)\n" +
        "  --version-cache-key FILE  the podman build's key is the SHA-256 of FILE (e.g. the package list);\n" +
        "                            needed with --version-cache, and only with it\n" +
        "  Exit codes: 0 stopped (SIGTERM, SIGINT, or after io.podman.Reset), 64 usage, 71 cannot listen.\n";

    public static ServerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string listen = DefaultListen, libpod = Libpod.LibpodClient.DefaultSocketPath;
        string? resolver = DefaultResolver, versionCache = null, versionCacheKey = null;
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
                case "--version-cache":
                    versionCache = Value() ?? "";
                    break;
                case "--version-cache-key":
                    versionCacheKey = Value() ?? "";
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return null;
            }

            if (listen.Length == 0 || libpod.Length == 0 || resolver is { Length: 0 } || versionCache is { Length: 0 } || versionCacheKey is { Length: 0 })
            {
                error = $"option '{key}' needs a value";
                return null;
            }
        }

        // The cache is only valid for one podman build: a cache without a key (or a key without a cache) is a mistake.
        if ((versionCache is null) != (versionCacheKey is null))
        {
            error = versionCache is null ? "option '--version-cache-key' needs '--version-cache'" : "option '--version-cache' needs '--version-cache-key'";
            return null;
        }

        return new ServerOptions(listen, libpod, resolver, versionCache, versionCacheKey);
    }
}
