using Podman.Cli;

// podman-cli: a sample over the boot2podman libraries. Verbs: machine create|start|ssh|stop|rm|ls|status.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(MachineCommand.Usage);
    return 0;
}

return args[0] switch
{
    "machine" => await MachineCommand.RunAsync(args[1..], cancellation.Token),
    _ => Fail($"unknown command '{args[0]}'"),
};

static int Fail(string message)
{
    Console.Error.WriteLine($"podman-cli: {message}");
    Console.Error.WriteLine(MachineCommand.Usage);
    return 64;
}
