using Varlink.Bridge;

return await BridgeProgram.RunAsync(
    args,
    Console.OpenStandardInput(),
    Console.OpenStandardOutput(),
    Console.Error,
    () => OutputProbe.ReaderIsGone(1)).ConfigureAwait(false);
