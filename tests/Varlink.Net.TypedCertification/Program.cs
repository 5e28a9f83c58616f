using Varlink;
using Varlink.TypedCertification;

// The typed certification peer. No arguments: the NativeAOT smoke test, the typed client against
// the typed server over a unix socket; exit code 0 when every step passed.
//   server --varlink ADDRESS   serve org.varlink.certification until SIGTERM or Ctrl+C
//   client --varlink ADDRESS   run the certification steps against a server
var mode = args.Length > 0 ? args[0] : "self-test";
var address = args.Length > 2 && args[1] == "--varlink" ? args[2] : null;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

try
{
    switch (mode)
    {
        case "server" when address is not null:
            await using (var server = new VarlinkServer())
            {
                new TypedCertificationService().AddTo(server);
                Console.WriteLine("Listening on " + server.Listen(address));
                await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return 0;
        case "client" when address is not null:
            await using (var connection = await VarlinkConnection.ConnectAsync(address))
            {
                var steps = await TypedCertificationClient.RunAsync(new CertificationProxy(connection), stop.Token);
                Console.WriteLine("Passed: " + string.Join(' ', steps));
            }

            return 0;
        case "self-test":
            var directory = Directory.CreateTempSubdirectory("varlink-aot-");
            try
            {
                var service = new TypedCertificationService();
                await using var server = new VarlinkServer();
                service.AddTo(server);
                var listening = server.Listen("unix:" + Path.Combine(directory.FullName, "socket"));
                await using var connection = await VarlinkConnection.ConnectAsync(listening);
                var steps = await TypedCertificationClient.RunAsync(new CertificationProxy(connection)).WaitAsync(TimeSpan.FromSeconds(60));
                if (!steps.SequenceEqual(CertificationValues.Steps) || service.PassedRuns != 1)
                {
                    Console.Error.WriteLine("Self-test failed: " + string.Join(' ', steps));
                    return 1;
                }

                Console.WriteLine("Typed certification passed: " + string.Join(' ', steps));
                return 0;
            }
            finally
            {
                directory.Delete(recursive: true);
            }

        default:
            Console.Error.WriteLine("usage: Varlink.Net.TypedCertification [self-test | server --varlink ADDRESS | client --varlink ADDRESS]");
            return 2;
    }
}
catch (Exception e) when (e is VarlinkException or InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine(e);
    return 1;
}
