using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Podman.Machine;
using Varlink;
using Varlink.Idl;

namespace Podman.Cli;

/// <summary>
/// <c>varlink info|help|call|format|resolve|bridge</c>, as libvarlink's <c>varlink</c> tool has them, for
/// anyone debugging a service. Addresses: <c>unix:</c>, <c>tcp:</c>, <c>exec:</c>, <c>ssh://</c>, <c>machine:NAME</c>.
/// </summary>
internal static class VarlinkCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Option<string> Resolver = new("--resolver", "-R")
    {
        Description = "The org.varlink.resolver service that finds an interface given without an address",
        DefaultValueFactory = _ => VarlinkAddress.ResolverAddress,
        Recursive = true,
    };

    private static readonly Option<string[]> Identity = new("--identity", "-i")
    {
        Description = "ssh:// addresses: a private key file to log in with (default $PODMAN_VARLINK_IDENTITY, else the SSH agent)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(MachineEnvironment.IdentityVariable) is { Length: > 0 } key ? [key] : [],
        Recursive = true,
    };

    private static readonly Option<string?> KnownHosts = new("--known-hosts")
    {
        Description = "ssh:// addresses: the known_hosts file to verify the host key against (default $PODMAN_VARLINK_KNOWN_HOSTS, else ~/.ssh/known_hosts)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(MachineEnvironment.KnownHostsVariable) is { Length: > 0 } file ? file : null,
        Recursive = true,
    };

    private static readonly Option<string[]> HostKey = new("--host-key")
    {
        Description = "ssh:// addresses: a pinned host key fingerprint (SHA256:...), instead of known_hosts",
        Recursive = true,
    };

    public static Command Build()
    {
        var varlink = new Command("varlink", "Talk to any varlink service, as libvarlink's varlink tool does")
        {
            Resolver, Identity, KnownHosts, HostKey,
            BuildInfo(), BuildHelp(), BuildCall(), BuildFormat(), BuildResolve(), BuildBridge(),
        };
        return varlink;
    }

    private static Command BuildInfo()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The service's address (unix:, tcp:, exec:, ssh://, machine:NAME)" };
        var command = new Command("info", "Print a service's vendor, product, version, URL and interfaces") { address };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            await using VarlinkConnection connection = await ConnectAsync(parse, parse.GetRequiredValue(address), token);
            JsonElement info = await connection.CallAsync("org.varlink.service.GetInfo", cancellationToken: token);
            TextWriter output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Vendor: {Text(info, "vendor")}");
            await output.WriteLineAsync($"Product: {Text(info, "product")}");
            await output.WriteLineAsync($"Version: {Text(info, "version")}");
            await output.WriteLineAsync($"URL: {Text(info, "url")}");
            await output.WriteLineAsync("Interfaces:");
            foreach (JsonElement name in info.GetProperty("interfaces").EnumerateArray())
            {
                await output.WriteLineAsync($"  {name.GetString()}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildHelp()
    {
        var target = new Argument<string>("[ADDRESS/]INTERFACE") { Description = "The interface, after its service's address (or found by the resolver)" };
        var command = new Command("help", "Print an interface's description (parsed and formatted by Varlink.Net's IDL formatter)") { target };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            (string? address, string name) = VarlinkTarget.SplitQualified(parse.GetRequiredValue(target));
            await using VarlinkConnection connection = await ConnectAsync(parse, address, name, token);
            using var parameters = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["interface"] = name }));
            JsonElement reply = await connection.CallAsync("org.varlink.service.GetInterfaceDescription", parameters.RootElement, token);
            string description = reply.GetProperty("description").GetString() ?? string.Empty;
            await parse.InvocationConfiguration.Output.WriteAsync(FormatDescription(description));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildCall()
    {
        var method = new Argument<string>("[ADDRESS/]INTERFACE.METHOD") { Description = "The method, after its service's address (or found by the resolver)" };
        var arguments = new Argument<string?>("ARGUMENTS") { Description = "The parameters as one JSON object (default {}); - reads them from standard input", Arity = ArgumentArity.ZeroOrOne };
        var more = new Option<bool>("--more", "-m") { Description = "Ask for more replies and print each as it arrives" };
        var oneway = new Option<bool>("--oneway") { Description = "Ask for no reply" };
        var command = new Command("call", "Call a method and print its reply as JSON") { method, arguments, more, oneway };
        command.Validators.Add(result =>
        {
            if (result.GetValue(more) && result.GetValue(oneway))
            {
                result.AddError("--more and --oneway exclude each other: a oneway call gets no reply at all");
            }
        });
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            (string? address, string name) = VarlinkTarget.SplitQualified(parse.GetRequiredValue(method));
            int dot = name.LastIndexOf('.');
            if (dot <= 0 || dot == name.Length - 1)
            {
                throw new UsageException($"'{name}' is not INTERFACE.METHOD");
            }

            string text = parse.GetValue(arguments) switch
            {
                null => "{}",
                "-" => await Console.In.ReadToEndAsync(token),
                string given => given,
            };
            using JsonDocument parameters = ParseParameters(text);
            await using VarlinkConnection connection = await ConnectAsync(parse, address, name[..dot], token);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(oneway))
            {
                await connection.CallOnewayAsync(name, parameters.RootElement, token);
            }
            else if (parse.GetValue(more))
            {
                await foreach (JsonElement reply in connection.CallMoreAsync(name, parameters.RootElement, token))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(reply, Indented));
                    await output.FlushAsync(token);
                }
            }
            else
            {
                JsonElement reply = await connection.CallAsync(name, parameters.RootElement, token);
                await output.WriteLineAsync(JsonSerializer.Serialize(reply, Indented));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildFormat()
    {
        var file = new Argument<string>("FILE") { Description = "A .varlink interface file (- for standard input)" };
        var command = new Command("format", "Check a .varlink file and print it in the canonical format") { file };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string path = parse.GetRequiredValue(file);
            string text = path == "-" ? await Console.In.ReadToEndAsync(token) : await File.ReadAllTextAsync(path, token);
            VarlinkInterfaceDefinition definition;
            try
            {
                definition = VarlinkInterfaceDefinition.Parse(text);
            }
            catch (VarlinkIdlException e)
            {
                throw new UsageException($"{path}:{e.Line}:{e.Column}: {e.Reason}");
            }

            await parse.InvocationConfiguration.Output.WriteAsync(definition.Format());
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildResolve()
    {
        var name = new Argument<string>("INTERFACE") { Description = "The interface to find" };
        var command = new Command("resolve", "Ask the resolver for the address of the service that implements an interface") { name };
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string address = await VarlinkResolver.ResolveAsync(parse.GetRequiredValue(name), parse.GetValue(Resolver), token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(address);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildBridge()
    {
        var address = new Argument<string?>("ADDRESS") { Description = "The service to connect to", Arity = ArgumentArity.ZeroOrOne };
        var connect = new Option<string?>("--connect", "-c") { Description = "The service to connect to (libvarlink's spelling)" };
        var command = new Command("bridge", "Carry a varlink connection between standard input/output and a service") { address, connect };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(address) is null) == (result.GetValue(connect) is null))
            {
                result.AddError("bridge needs the service's address once: bridge ADDRESS or bridge --connect ADDRESS");
            }
        });
        command.SetAction(Cli.Guard(async (parse, token) =>
        {
            string target = parse.GetValue(address) ?? parse.GetRequiredValue(connect)!;
            IVarlinkTransport transport = await VarlinkTarget.CreateTransportAsync(target, GetSsh(parse), new MachineStore(parse.GetValue(Cli.Store)), token);
            try
            {
                await using Stream service = await transport.ConnectAsync(token);
                await using Stream input = Console.OpenStandardInput();
                await using Stream output = Console.OpenStandardOutput();
                Task toClient = CopyFlushingAsync(service, output, token);
                await CopyFlushingAsync(input, service, token);
                if (service is NetworkStream network)
                {
                    network.Socket.Shutdown(SocketShutdown.Send);   // the service answers what it read, then closes
                    await toClient;
                }
            }
            finally
            {
                (transport as IDisposable)?.Dispose();
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task CopyFlushingAsync(Stream from, Stream to, CancellationToken token)
    {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, token)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), token);
            await to.FlushAsync(token);
        }
    }

    // help prints what Varlink.Net's formatter makes of the description; one it cannot parse is printed as sent.
    internal static string FormatDescription(string description)
    {
        try
        {
            return VarlinkInterfaceDefinition.Parse(description).Format();
        }
        catch (VarlinkIdlException)
        {
            return description.EndsWith('\n') ? description : description + "\n";
        }
    }

    private static JsonDocument ParseParameters(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UsageException($"ARGUMENTS is not JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new UsageException("ARGUMENTS must be a JSON object, such as {\"name\": \"value\"}");
        }

        return document;
    }

    private static Task<VarlinkConnection> ConnectAsync(ParseResult parse, string address, CancellationToken token) =>
        VarlinkTarget.ConnectAsync(address, GetSsh(parse), new MachineStore(parse.GetValue(Cli.Store)), token);

    private static async Task<VarlinkConnection> ConnectAsync(ParseResult parse, string? address, string interfaceName, CancellationToken token) =>
        address is not null
            ? await ConnectAsync(parse, address, token)
            : await VarlinkResolver.ConnectAsync(interfaceName, parse.GetValue(Resolver), token);

    private static SshSettings GetSsh(ParseResult parse) =>
        new(parse.GetValue(Identity) ?? [], parse.GetValue(KnownHosts), parse.GetValue(HostKey) ?? []);

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetString() ?? string.Empty : string.Empty;
}
