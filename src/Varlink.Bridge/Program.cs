using Varlink.Bridge;

return await BridgeProgram.RunAsync(
    args,
    Console.OpenStandardInput(),
    Console.OpenStandardOutput(),
    Console.Error).ConfigureAwait(false);
