using System.Text.Json;
using Varlink;

namespace Podman.Cli.Tests;

/// <summary>
/// The varlink verbs against an in-process Varlink.Net server: replies of a <c>--more</c> call printed as
/// each arrives (the server holds the last one until the test has seen the first), <c>--oneway</c>, and
/// the resolver (an in-process org.varlink.resolver) finding a service given without an address.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InProcessServerTests : IAsyncLifetime
{
    private const string Description = """
        interface org.example.cli

        # Called with more: replies i = 1..count; the last waits for the test's gate.
        method Count(count: int) -> (i: int)

        # Records that it was called.
        method Note(text: string) -> ()
        """;

    private const string ResolverDescription = """
        interface org.varlink.resolver

        method Resolve(interface: string) -> (address: string)

        error InterfaceNotFound (interface: string)
        """;

    private readonly string _directory = CliRunner.NewTempDirectory("inproc");
    private readonly VarlinkServer _service = new(new VarlinkServerOptions { Vendor = "Tests", Product = "cli" });
    private readonly VarlinkServer _resolver = new(new VarlinkServerOptions { Vendor = "Tests", Product = "resolver" });
    private readonly TaskCompletionSource _lastReplyGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(string Text, bool Oneway)> _noted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string ServiceAddress => "unix:" + Path.Combine(_directory, "cli.sock");

    private string ResolverAddress => "unix:" + Path.Combine(_directory, "resolver.sock");

    public Task InitializeAsync()
    {
        _service.AddInterface(Description, HandleAsync);
        _service.Listen(ServiceAddress);
        _resolver.AddInterface(ResolverDescription, ResolveAsync);
        _resolver.Listen(ResolverAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _lastReplyGate.TrySetResult();
        await _service.DisposeAsync();
        await _resolver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task MoreRepliesArePrintedAsTheyArrive()
    {
        using var process = CliRunner.Start(["varlink", "call", "-m", ServiceAddress + "/org.example.cli.Count", "{\"count\":2}"]);
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(CliRunner.DefaultTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (line.Contains("\"i\": 1", StringComparison.Ordinal))
            {
                break;   // the first reply is on screen while the server still holds the second
            }
        }

        _lastReplyGate.SetResult();
        string rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Contains(seen, l => l.Contains("\"i\": 1", StringComparison.Ordinal));
        Assert.Contains("\"i\": 2", rest, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task CtrlCEndsAWaitingCallWithOneLineAnd130()
    {
        using var process = CliRunner.Start(["varlink", "call", "-m", ServiceAddress + "/org.example.cli.Count", "{\"count\":2}"]);
        using var timeout = new CancellationTokenSource(CliRunner.DefaultTimeout);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string? line;
        do
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.Contains("\"i\": 1", StringComparison.Ordinal));

        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        await process.WaitForExitAsync(timeout.Token);

        Assert.NotNull(line);
        Assert.Equal(130, process.ExitCode);
        Assert.Equal("podman-cli: interrupted", (await error).TrimEnd());
    }

    [Fact]
    public async Task OnewayCallsWithoutAwaitingAReply()
    {
        CliResult result = await CliRunner.RunAsync("varlink", "call", "--oneway", ServiceAddress + "/org.example.cli.Note", "{\"text\":\"hi\"}");
        (string text, bool oneway) = await _noted.Task.WaitAsync(CliRunner.DefaultTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal("hi", text);
        Assert.True(oneway);
    }

    [Fact]
    public async Task ResolveAsksTheResolver()
    {
        CliResult found = await CliRunner.RunAsync("varlink", "resolve", "--resolver", ResolverAddress, "org.example.cli");
        CliResult missing = await CliRunner.RunAsync("varlink", "resolve", "--resolver", ResolverAddress, "org.example.none");

        Assert.Equal(0, found.ExitCode);
        Assert.Equal(ServiceAddress + "\n", found.Output);
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("org.varlink.resolver.InterfaceNotFound", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallWithoutAnAddressGoesThroughTheResolver()
    {
        _lastReplyGate.TrySetResult();
        CliResult result = await CliRunner.RunAsync("varlink", "call", "-R", ResolverAddress, "-m", "org.example.cli.Count", "{\"count\":1}");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"i\": 1", result.Output, StringComparison.Ordinal);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        switch (call.MethodName)
        {
            case "Count":
                int count = call.Parameters.GetProperty("count").GetInt32();
                for (int i = 1; i <= count; i++)
                {
                    if (i == count && count > 1)
                    {
                        await _lastReplyGate.Task.WaitAsync(cancellationToken);
                    }

                    await call.ReplyAsync(Json($$"""{"i":{{i}}}"""), continues: i < count, cancellationToken);
                }

                break;
            default:
                _noted.TrySetResult((call.Parameters.GetProperty("text").GetString()!, call.IsOneway));
                if (!call.IsOneway)
                {
                    await call.ReplyAsync(Json("{}"), cancellationToken: cancellationToken);
                }

                break;
        }
    }

    private async ValueTask ResolveAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        string name = call.Parameters.GetProperty("interface").GetString()!;
        if (name == "org.example.cli")
        {
            await call.ReplyAsync(Json(JsonSerializer.Serialize(new Dictionary<string, string> { ["address"] = ServiceAddress })), cancellationToken: cancellationToken);
        }
        else
        {
            await call.ReplyErrorAsync("org.varlink.resolver.InterfaceNotFound", Json(JsonSerializer.Serialize(new Dictionary<string, string> { ["interface"] = name })), cancellationToken);
        }
    }
}
