using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Podman.Client;
using Podman.Machine;
using Varlink;
using Varlink.Idl;
using Varlink.Ssh;

namespace Podman.Cli;

/// <summary>
/// The command tree and how it runs. Top level: podman-remote's verbs (<c>ps</c>, <c>run</c>, <c>images</c>,
/// <c>pod …</c>, <c>volume …</c>, …) on Podman.Client, each talking to the <see cref="ConnectionChoice"/> from
/// <see cref="ResolveConnection"/>; <c>machine …</c>, <c>varlink …</c>, <c>system connection</c>, <c>completion</c>.
/// </summary>
internal static class Cli
{
    public static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>The machine store, for every verb.</summary>
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The machine store (default $XDG_DATA_HOME/boot2podman/machines)",
        Recursive = true,
    };

    /// <summary>The container verbs' service: a machine by name.</summary>
    public static readonly Option<string?> Connection = new("--connection", "-c")
    {
        Description = $"The machine to talk to (default ${ConnectionResolver.ConnectionVariable}, else the machine '{MachineCommand.DefaultName}' or the only one)",
    };

    /// <summary>The container verbs' service: a varlink address.</summary>
    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"The io.podman address (unix:, tcp:, ssh://, machine:NAME); default ${ConnectionResolver.AddressVariable}",
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("podman-cli: a podman-remote for boot2podman machines (qemu VMs with podman and its io.podman varlink service)")
        {
            Store,
            Connection,
            Url,
            MachineCommand.Build(),
            VarlinkCommand.Build(),
            BuildSystem(),
            BuildCompletion(),
            PodCommand.Build(),
            VolumeCommand.Build(),
        };
        foreach (Command verb in ContainerCommand.Build().Concat(ImageCommand.Build()).Concat(SystemVerbs.Build()))
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    public static ConnectionChoice ResolveConnection(ParseResult parse) =>
        ConnectionResolver.Resolve(
            parse.GetValue(Connection),
            parse.GetValue(Url),
            Environment.GetEnvironmentVariable,
            new MachineStore(parse.GetValue(Store)).List());

    /// <summary>Parses and runs; a parse error is printed with suggestions and gives 125.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(PassThroughCommand.Prepare(root, args));
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (string message in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                await error.WriteLineAsync($"podman-cli: {message}");
            }

            foreach (string suggestion in Suggestions.For(parse))
            {
                await error.WriteLineAsync($"podman-cli: {suggestion}");
            }

            string verb = string.Join(' ', Path(parse));
            await error.WriteLineAsync($"See 'podman-cli {verb}{(verb.Length > 0 ? " " : string.Empty)}--help'.");
            return ExitCodes.ToolError;
        }

        return await parse.InvokeAsync(configuration);
    }

    private static IEnumerable<string> Path(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }

    /// <summary>
    /// Wraps a verb: its own errors become one line on stderr and exit code 125, Ctrl-C gives 130, and no
    /// stack trace is printed (set PODMAN_CLI_DEBUG=1 to see one).
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parse, token) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                return await action(parse, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                await error.WriteLineAsync("podman-cli: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (CommandNotRunnableException notRunnable)
            {
                await error.WriteLineAsync($"podman-cli: {notRunnable.Message}");
                return notRunnable.ExitCode;
            }
            catch (Exception e)
            {
                await error.WriteLineAsync($"podman-cli: {Describe(e)}");
                if (Environment.GetEnvironmentVariable("PODMAN_CLI_DEBUG") is "1")
                {
                    await error.WriteLineAsync(e.ToString());
                }

                return ExitCodes.ToolError;
            }
        };

    internal static string Describe(Exception e) => e switch
    {
        PodmanNotImplementedException missing => $"{missing.Method}: this io.podman service does not implement it",
        PodmanRemoteException remote => remote.Reason.Length > 0 ? remote.Reason : remote.Message,
        PodmanException podman => podman.InnerException is { } cause && !podman.Message.Contains(cause.Message, StringComparison.Ordinal) ? $"{podman.Message} ({cause.Message})" : podman.Message,
        VarlinkRemoteException remote => $"call failed with error {remote.ErrorName}{(remote.Parameters.ValueKind == JsonValueKind.Object ? " " + remote.Parameters.GetRawText() : string.Empty)}",
        SshFailureException ssh => ssh.Message,
        SocketException socket => $"cannot connect: {socket.Message}",
        VarlinkIdlException idl => $"line {idl.Line}, column {idl.Column}: {idl.Reason}",
        SshTransportException or MachineException or UsageException or VarlinkException or IOException or FormatException or ArgumentException or JsonException or UnauthorizedAccessException or InvalidOperationException
            => e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>Restricts an option to a few words; a wrong one is named with the option and the words it may be.</summary>
    public static Option<string> OneOf(Option<string> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is null || !values.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name} is {string.Join(", ", values[..^1])} or {values[^1]}, not '{value}'");
            }
        });
        option.CompletionSources.Add(values);
        return option;
    }

    private static Command BuildSystem()
    {
        var show = new Command("connection", "Print the connection the container verbs would use: --connection/--url, then the environment, then the default machine")
        {
            Connection, Url,
        };
        show.SetAction(Guard(async (parse, token) =>
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(ResolveConnection(parse).Describe());
            return ExitCodes.Success;
        }));
        return new Command("system", "About podman-cli's own setup") { show };
    }

    private static Command BuildCompletion()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh", DefaultValueFactory = _ => "bash" };
        shell.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("bash" or "zsh") and var other)
            {
                result.AddError($"SHELL is bash or zsh, not '{other}'");
            }
        });
        var command = new Command("completion", "Print a shell script for tab completion: source <(podman-cli completion bash)") { shell };
        command.SetAction(Guard(async (parse, token) =>
        {
            string script = """
                _podman_cli_complete() {
                  local IFS=$'\n'
                  COMPREPLY=($(podman-cli "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
                }
                complete -o default -F _podman_cli_complete podman-cli
                """;
            if (parse.GetValue(shell) == "zsh")
            {
                script = "autoload -U +X bashcompinit && bashcompinit\n" + script;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(script);
            return ExitCodes.Success;
        }));
        return command;
    }
}
