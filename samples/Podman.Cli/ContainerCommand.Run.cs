using System.CommandLine;
using Podman.Client;

namespace Podman.Cli;

/// <summary><c>create</c>, <c>run</c> and <c>start</c>: a container made from an image (pulled first when missing), its output and exit code.</summary>
internal static partial class ContainerCommand
{
    // After the container exits, how long its log stream may take to end before it is cut.
    private static readonly TimeSpan LogDrain = TimeSpan.FromSeconds(10);

    private static Command BuildCreate()
    {
        var options = new CreateOptions();
        var command = new PassThroughCommand("create", "Create a container from an image (pulled when missing) without starting it; prints its ID") { Cli.Connection, Cli.Url };
        options.AddTo(command);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            ContainerCreateParameters parameters = options.ToParameters(parse);
            await ImageCommand.EnsureImageAsync(parse, podman, parameters.Image, parse.GetValue(options.Pull)!, token);
            string id = await podman.Containers.CreateAsync(parameters, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildRun()
    {
        var options = new CreateOptions();
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and print the container's ID" };
        var command = new PassThroughCommand("run", "Run a command in a new container: its output as it comes, its exit code as podman-cli's") { Cli.Connection, Cli.Url, detach };
        options.AddTo(command);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            ContainerCreateParameters parameters = options.ToParameters(parse);
            bool background = parse.GetValue(detach);
            bool session = parameters.Interactive || parameters.Tty;

            // With -d, -i keeps the container's standard input open for a later attach (nothing is passed on now).
            await ImageCommand.EnsureImageAsync(parse, podman, parameters.Image, parse.GetValue(options.Pull)!, token);

            // Attached runs remove the container themselves once its exit code and output are in.
            string id = await podman.Containers.CreateAsync(background ? parameters : parameters with { AutoRemove = false }, token);
            try
            {
                if (background)
                {
                    await StartOrExplainAsync(podman, id, token);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(id);
                    return ExitCodes.Success;
                }

                return session
                    ? await Sessions.RunAttachedAsync(parse, podman, id, parameters.Interactive, parameters.Tty, token)
                    : await StartAndFollowAsync(parse, podman, id, token);
            }
            finally
            {
                if (!background && parameters.AutoRemove)
                {
                    await RemoveQuietlyAsync(podman, id);
                }
            }
        }));
        return command;
    }

    private static Command BuildStart()
    {
        var names = Verb.Names("CONTAINER", "The containers");
        var attach = new Option<bool>("--attach", "-a") { Description = "Follow the container's output until it exits; its exit code is podman-cli's" };
        var command = Verb.Create("start", "Start containers; prints each one's ID", attach, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string[] given = parse.GetRequiredValue(names);
            if (parse.GetValue(attach))
            {
                if (given.Length != 1)
                {
                    throw new UsageException("start --attach takes one container");
                }

                return await StartAndFollowAsync(parse, podman, given[0], token);
            }

            return await EachAsync(parse, given, async name =>
            {
                await StartOrExplainAsync(podman, name, token);
                return name;
            });
        }));
        return command;
    }

    /// <summary>Starts the container, prints its output as it comes, waits for it, returns its exit code.</summary>
    internal static async Task<int> StartAndFollowAsync(ParseResult parse, PodmanClient podman, string id, CancellationToken cancellationToken)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            await StartOrExplainAsync(podman, id, cancellationToken);
        }
        catch (CommandNotRunnableException e)
        {
            await error.WriteLineAsync($"podman-cli: {e.Message}");
            return e.ExitCode;
        }

        using var logStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task follow = CopyLogsAsync(podman, id, new ContainerLogsParameters { Follow = true, Timestamps = false }, output, error, timestamps: false, logStop.Token);
        int code = await podman.Containers.WaitAsync(id, cancellationToken: cancellationToken);

        // The log stream ends when the container does; a stream that lingers is cut after a while.
        logStop.CancelAfter(LogDrain);
        try
        {
            await follow;
        }
        catch (OperationCanceledException) when (logStop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }
        catch (PodmanRemoteException) when (!cancellationToken.IsCancellationRequested)
        {
            // io.podman ends a followed stream with an error once the container is gone: the output is all in.
        }

        await output.FlushAsync(cancellationToken);
        return code;
    }

    internal static async Task CopyLogsAsync(PodmanClient podman, string id, ContainerLogsParameters parameters, TextWriter output, TextWriter error, bool timestamps, CancellationToken cancellationToken)
    {
        await foreach (ContainerLogLine line in podman.Containers.LogsAsync(id, parameters, cancellationToken))
        {
            TextWriter target = line.Stream == LogStream.Stderr ? error : output;
            if (timestamps && line.Time is { } time)
            {
                await target.WriteAsync(Human.Timestamp(time) + " ");
            }

            await target.WriteAsync(line.IsPartial ? line.Message : line.Message + "\n");
            await target.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Starts a container; a command that cannot run becomes podman's 126 (not executable) or 127 (not found).</summary>
    internal static async Task StartOrExplainAsync(PodmanClient podman, string id, CancellationToken cancellationToken)
    {
        try
        {
            await podman.Containers.StartAsync(id, cancellationToken);
        }
        catch (PodmanRemoteException e) when (CommandNotRunnableException.From(e) is { } notRunnable)
        {
            throw notRunnable;
        }
    }

    internal static async Task RemoveQuietlyAsync(PodmanClient podman, string id)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await podman.Containers.RemoveAsync(id, force: true, cancellationToken: cleanup.Token);
        }
        catch (Exception e) when (e is PodmanException or OperationCanceledException)
        {
            // Best effort, as podman's --rm: the run's own result is what the user needs.
        }
    }
}

/// <summary>The container's command could not be run: podman's 126 (found but not executable) or 127 (not found).</summary>
internal sealed class CommandNotRunnableException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CommandNotRunnableException? From(PodmanRemoteException e)
    {
        string reason = e.Reason;
        if (reason.Contains("executable file not found", StringComparison.OrdinalIgnoreCase) || reason.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase))
        {
            return new CommandNotRunnableException(reason, ExitCodes.CommandNotFound);
        }

        return reason.Contains("permission denied", StringComparison.OrdinalIgnoreCase)
            ? new CommandNotRunnableException(reason, ExitCodes.CommandNotExecutable)
            : null;
    }
}
