using System.CommandLine;
using Podman.Client;

namespace Podman.Cli;

/// <summary>The options <c>create</c> and <c>run</c> share, as podman names them, and the parameters they make.</summary>
internal sealed class CreateOptions
{
    public Option<string?> Name { get; } = new("--name") { Description = "The container's name" };

    public Option<string[]> Env { get; } = new("--env", "-e") { Description = "KEY=VALUE in the container's environment (KEY alone: this shell's value)" };

    public Option<string[]> Publish { get; } = new("--publish", "-p") { Description = "Publish a port: [[IP:]HOSTPORT:]CONTAINERPORT[/PROTOCOL]" };

    public Option<string[]> Volume { get; } = new("--volume", "-v") { Description = "Mount a volume: [SOURCE:]DEST[:OPTIONS] (SOURCE is a named volume or a path in the machine)" };

    public Option<string[]> Label { get; } = new("--label", "-l") { Description = "KEY=VALUE label" };

    public Option<bool> Interactive { get; } = new("--interactive", "-i") { Description = "Keep standard input open and pass this terminal's input on" };

    public Option<bool> Tty { get; } = new("--tty", "-t") { Description = "Give the container a pseudo-terminal (raw mode here, resize passed on)" };

    public Option<bool> Remove { get; } = new("--rm") { Description = "Remove the container when it exits" };

    public Option<string?> Workdir { get; } = new("--workdir", "-w") { Description = "The working directory in the container" };

    public Option<string?> User { get; } = new("--user", "-u") { Description = "USER[:GROUP] to run as" };

    public Option<string?> Entrypoint { get; } = new("--entrypoint") { Description = "Override the image's entrypoint" };

    public Option<string?> Hostname { get; } = new("--hostname") { Description = "The container's host name" };

    public Option<string?> Network { get; } = new("--network") { Description = "bridge, host, none, container:ID or a network's name" };

    public Option<string?> Pod { get; } = new("--pod") { Description = "Run in this pod (new:NAME creates it)" };

    public Option<bool> Privileged { get; } = new("--privileged") { Description = "Give the container extended privileges" };

    public Option<string> Pull { get; } = Cli.OneOf(new Option<string>("--pull") { Description = "Pull the image: missing (default), always or never", DefaultValueFactory = _ => "missing" }, "missing", "always", "never");

    public Argument<string> Image { get; } = Verb.Name("IMAGE", "The image");

    public Argument<string[]> Command { get; } = new("COMMAND") { Description = "The command and its arguments (every word after IMAGE, unchanged)", Arity = ArgumentArity.ZeroOrMore };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Name, Env, Publish, Volume, Label, Interactive, Tty, Remove, Workdir, User, Entrypoint, Hostname, Network, Pod, Privileged, Pull })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(Image);
        command.Arguments.Add(Command);
    }

    public ContainerCreateParameters ToParameters(ParseResult parse) => new()
    {
        Image = parse.GetRequiredValue(Image),
        Command = parse.GetValue(Command) ?? [],
        Name = parse.GetValue(Name),
        Environment = Verb.Pairs(parse.GetValue(Env) ?? [], "--env", fromEnvironment: true),
        Labels = Verb.Pairs(parse.GetValue(Label) ?? [], "--label"),
        Publish = parse.GetValue(Publish) ?? [],
        Volumes = parse.GetValue(Volume) ?? [],
        Interactive = parse.GetValue(Interactive),
        Tty = parse.GetValue(Tty),
        AutoRemove = parse.GetValue(Remove),
        WorkingDirectory = parse.GetValue(Workdir),
        User = parse.GetValue(User),
        Entrypoint = parse.GetValue(Entrypoint),
        Hostname = parse.GetValue(Hostname),
        Network = parse.GetValue(Network),
        Pod = parse.GetValue(Pod),
        Privileged = parse.GetValue(Privileged),

        // The CLI pulls itself (with progress) before it creates; the service must not pull again.
        Pull = "never",
    };
}
