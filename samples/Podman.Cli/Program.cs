using Podman.Cli;

// podman-cli: a podman-remote for the boot2podman machine. The command tree is in Cli.BuildRoot.
return await Cli.RunAsync(args, Console.Out, Console.Error);
