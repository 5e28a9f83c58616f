using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Podman.Client;

namespace Podman.Cli;

/// <summary>
/// The verbs with a live session to a process in a container: <c>run -i/-t</c>, <c>exec</c>, <c>attach</c>.
/// With a terminal on both ends (<c>-t</c> and a local tty) the local terminal goes raw, its size is sent at
/// the start and on every SIGWINCH, and the process's exit code is podman-cli's.
/// </summary>
internal static class Sessions
{
    public static Command BuildExec()
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Pass this terminal's input on (default: the process's input is empty)" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Give the process a pseudo-terminal" };
        var env = new Option<string[]>("--env", "-e") { Description = "KEY=VALUE in the process's environment" };
        var user = new Option<string?>("--user", "-u") { Description = "USER[:GROUP] to run as" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "The working directory" };
        var privileged = new Option<bool>("--privileged") { Description = "Extended privileges" };
        var container = Verb.Name("CONTAINER", "A running container");
        var words = new Argument<string[]>("COMMAND") { Description = "The command and its arguments (every word after CONTAINER, unchanged)", Arity = ArgumentArity.OneOrMore };
        var command = new PassThroughCommand("exec", "Run a command in a running container; its exit code is podman-cli's")
        {
            Cli.Connection, Cli.Url, interactive, tty, env, user, workdir, privileged, container, words,
        };
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var parameters = new ExecParameters
            {
                Command = parse.GetRequiredValue(words),
                Tty = parse.GetValue(tty),

                // The process starts at this terminal's size (a later SIGWINCH resizes it).
                TerminalSize = parse.GetValue(tty) ? RawTerminal.Size() : null,
                Privileged = parse.GetValue(privileged),
                User = parse.GetValue(user),
                WorkingDirectory = parse.GetValue(workdir),
                Environment = Verb.Pairs(parse.GetValue(env) ?? [], "--env", fromEnvironment: true),
            };
            await using ContainerSession session = await podman.Containers.ExecAsync(parse.GetRequiredValue(container), parameters, token);
            return await PumpAsync(session, parse.GetValue(interactive), parameters.Tty, token);
        }));
        return command;
    }

    public static Command BuildAttach()
    {
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not pass this terminal's input on" };
        var detachKeys = new Option<string?>("--detach-keys") { Description = "The keys that detach (default ctrl-p,ctrl-q)" };
        var container = Verb.Name("CONTAINER", "A running container");
        var command = Verb.Create("attach", "Attach to a running container's main process: its output here, this terminal's input there", noStdin, detachKeys, container);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string name = parse.GetRequiredValue(container);
            bool tty = await HasTtyAsync(podman, name, token);
            await using ContainerSession session = await podman.Containers.AttachAsync(name, start: false, parse.GetValue(detachKeys), token);
            return await PumpAsync(session, !parse.GetValue(noStdin), tty, token);
        }));
        return command;
    }

    /// <summary><c>run -i/-t</c>: attach to the created container and start it in the same call.</summary>
    public static async Task<int> RunAttachedAsync(ParseResult parse, PodmanClient podman, string id, bool interactive, bool tty, CancellationToken cancellationToken)
    {
        await using ContainerSession session = await podman.Containers.AttachAsync(id, start: true, detachKeys: null, cancellationToken);
        return await PumpAsync(session, interactive, tty, cancellationToken);
    }

    private static async Task<bool> HasTtyAsync(PodmanClient podman, string name, CancellationToken cancellationToken)
    {
        JsonElement inspect = await podman.Containers.InspectDataAsync(name, cancellationToken: cancellationToken);
        return inspect.TryGetProperty("Config", out JsonElement config) && config.TryGetProperty("Tty", out JsonElement tty) && tty.ValueKind == JsonValueKind.True;
    }

    /// <summary>Copies the session's output here and (when <paramref name="interactive"/>) this input there, until the process exits.</summary>
    private static async Task<int> PumpAsync(ContainerSession session, bool interactive, bool tty, CancellationToken cancellationToken)
    {
        using RawTerminal? raw = tty && interactive ? RawTerminal.Enter() : null;
        using PosixSignalRegistration? resize = tty && !OperatingSystem.IsWindows() ? PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context => { _ = SendSizeAsync(session); }) : null;
        if (tty)
        {
            await SendSizeAsync(session);
        }

        await using Stream stdout = RawTerminal.OpenStream(RawTerminal.StandardOutput);
        await using Stream stderr = RawTerminal.OpenStream(RawTerminal.StandardError);
        Task output = session.Stdout.CopyToAsync(stdout, cancellationToken);
        Task errors = session.Stderr.CopyToAsync(stderr, cancellationToken);
        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task input = interactive ? CopyInputAsync(session, inputStop.Token) : session.CloseStdinAsync(cancellationToken);

        int code = await session.ExitCode.WaitAsync(cancellationToken);
        await Task.WhenAll(output, errors);

        // The process has exited: input still on its way does not matter, and a read of the terminal
        // may block until the next key, so it is left behind rather than awaited.
        await inputStop.CancelAsync();
        _ = input.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return code;
    }

    private static async Task CopyInputAsync(ContainerSession session, CancellationToken cancellationToken)
    {
        await using Stream stdin = RawTerminal.OpenStream(RawTerminal.StandardInput);
        var buffer = new byte[4096];
        while (true)
        {
            int read = await stdin.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                await session.CloseStdinAsync(cancellationToken);
                return;
            }

            await session.Stdin.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await session.Stdin.FlushAsync(cancellationToken);
        }
    }

    private static async Task SendSizeAsync(ContainerSession session)
    {
        if (RawTerminal.Size() is { } size)
        {
            try
            {
                await session.ResizeAsync(size.Width, size.Height);
            }
            catch (Exception e) when (e is IOException or PodmanException or ObjectDisposedException)
            {
                // The session is ending; the next size does not matter.
            }
        }
    }
}
