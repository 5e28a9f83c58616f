using System.Text.Json;
using Varlink.Idl;

namespace Podman.Cli.Tests;

/// <summary>The varlink verbs against the Go reference certification server.</summary>
[Collection(ServerCollection.Name)]
public sealed class VarlinkVerbTests(CertificationServer server)
{
    [Fact]
    public async Task InfoListsVendorAndInterfaces()
    {
        CliResult result = await CliRunner.RunAsync("varlink", "info", server.Address);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Vendor: Varlink\nProduct: Certification\nVersion: 1\nURL: https://github.com/varlink/go\nInterfaces:\n  org.varlink.service\n  org.varlink.certification\n",
            result.Output);
    }

    [Fact]
    public async Task HelpPrintsTheDescriptionInCanonicalFormat()
    {
        CliResult result = await CliRunner.RunAsync("varlink", "help", server.Address + "/org.varlink.certification");

        Assert.Equal(0, result.ExitCode);
        var parsed = VarlinkInterfaceDefinition.Parse(result.Output);
        Assert.Equal("org.varlink.certification", parsed.Name);
        Assert.NotNull(parsed.FindMethod("Test01"));
        Assert.Equal(parsed.Format(), result.Output);   // already canonical: what the formatter prints
    }

    [Fact]
    public async Task CallPrintsTheReplyAndFeedsTheNextCall()
    {
        CliResult start = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Start");
        string clientId = JsonDocument.Parse(start.Output).RootElement.GetProperty("client_id").GetString()!;
        CliResult test01 = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Test01", $"{{\"client_id\":\"{clientId}\"}}");

        Assert.Equal(0, start.ExitCode);
        Assert.Equal(0, test01.ExitCode);
        Assert.True(JsonDocument.Parse(test01.Output).RootElement.GetProperty("bool").GetBoolean());
    }

    [Fact]
    public async Task ParametersCanComeFromStandardInput()
    {
        CliResult start = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Start");
        string clientId = JsonDocument.Parse(start.Output).RootElement.GetProperty("client_id").GetString()!;

        CliResult test01 = await CliRunner.RunAsync(["varlink", "call", server.Address + "/org.varlink.certification.Test01", "-"], input: $"{{\"client_id\":\"{clientId}\"}}");

        Assert.Equal(0, test01.ExitCode);
        Assert.Contains("\"bool\": true", test01.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceErrorIsOneLineAndExit125()
    {
        CliResult result = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Test01", "{\"client_id\":\"nobody\"}");

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("podman-cli: call failed with error org.varlink.certification.ClientIdError {}", result.Error.TrimEnd());
    }

    [Fact]
    public async Task BadArgumentsNameTheProblem()
    {
        CliResult notJson = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Start", "{nope");
        CliResult notObject = await CliRunner.RunAsync("varlink", "call", server.Address + "/org.varlink.certification.Start", "[1]");

        Assert.Equal(125, notJson.ExitCode);
        Assert.StartsWith("podman-cli: ARGUMENTS is not JSON", notJson.Error, StringComparison.Ordinal);
        Assert.Equal(125, notObject.ExitCode);
        Assert.Contains("ARGUMENTS must be a JSON object", notObject.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableAddressIsOneLine()
    {
        CliResult result = await CliRunner.RunAsync("varlink", "info", "unix:/nonexistent/dir/x.sock");

        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("podman-cli: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task BridgeCarriesACallBetweenStdioAndTheService()
    {
        CliResult result = await CliRunner.RunAsync(["varlink", "bridge", "--connect", server.Address], input: "{\"method\":\"org.varlink.service.GetInfo\"}\0");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("\0", result.Output, StringComparison.Ordinal);
        using var reply = JsonDocument.Parse(result.Output.TrimEnd('\0'));
        Assert.Equal("Certification", reply.RootElement.GetProperty("parameters").GetProperty("product").GetString());
    }

    [Fact]
    public async Task FormatPrintsAFileCanonicallyAndNamesTheLineOfAnError()
    {
        string directory = CliRunner.NewTempDirectory("format");
        try
        {
            string good = Path.Combine(directory, "org.example.good.varlink");
            string bad = Path.Combine(directory, "org.example.bad.varlink");
            await File.WriteAllTextAsync(good, "interface   org.example.good\nmethod Ping(  ping :string) -> (pong: string )\n");
            await File.WriteAllTextAsync(bad, "interface org.example.bad\nmethod Ping(ping: string -> ()\n");

            CliResult formatted = await CliRunner.RunAsync("varlink", "format", good);
            CliResult failed = await CliRunner.RunAsync("varlink", "format", bad);

            Assert.Equal(0, formatted.ExitCode);
            Assert.Equal("interface org.example.good\n\nmethod Ping(ping: string) -> (pong: string)\n", formatted.Output);
            Assert.Equal(125, failed.ExitCode);
            Assert.StartsWith($"podman-cli: {bad}:2:", failed.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
