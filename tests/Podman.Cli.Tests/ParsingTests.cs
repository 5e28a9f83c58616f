namespace Podman.Cli.Tests;

/// <summary>The command line as a user mistypes it: clear errors, suggestions, exit code 125, nothing lost.</summary>
public sealed class ParsingTests : IDisposable
{
    private readonly string _store = CliRunner.NewTempDirectory("store");

    public void Dispose() => Directory.Delete(_store, recursive: true);

    [Fact]
    public async Task MisspeltOptionFailsWithASuggestionAndCreatesNothing()
    {
        CliResult result = await CliRunner.RunAsync("machine", "init", "m1", "--memmory", "4096", "--store", _store);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("Unrecognized command or argument '--memmory'", result.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean '--memory'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("See 'podman-cli machine init --help'.", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store));
    }

    [Fact]
    public async Task MisspeltOptionInPlaceOfTheNameIsNotTakenForAName()
    {
        CliResult result = await CliRunner.RunAsync("machine", "init", "--memmory", "4096", "--store", _store);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("did you mean '--memory'?", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store));
    }

    [Fact]
    public async Task MisspeltVerbIsSuggested()
    {
        CliResult result = await CliRunner.RunAsync("machine", "strat");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("did you mean 'start'?", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--accel", "fast", "--accel is auto, kvm or tcg, not 'fast'")]
    [InlineData("--cpus", "0", "--cpus must be a positive whole number")]
    [InlineData("--memory", "lots", "--memory")]
    public async Task WrongValueNamesTheOption(string option, string value, string expected)
    {
        CliResult result = await CliRunner.RunAsync("machine", "init", "m1", option, value, "--store", _store);

        Assert.Equal(125, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store));
    }

    [Theory]
    [InlineData("machine init", "podman-cli machine init [<NAME>] [options]", "--disk-size")]
    [InlineData("machine start", "podman-cli machine start [<NAME>] [options]", "--timeout")]
    [InlineData("machine ssh", "podman-cli machine ssh", "passed on word for word")]
    [InlineData("machine env", "podman-cli machine env", "PODMAN_VARLINK")]
    [InlineData("varlink call", "podman-cli varlink call", "--oneway")]
    [InlineData("varlink bridge", "podman-cli varlink bridge", "--connect")]
    public async Task EachVerbHasItsOwnHelp(string verb, string usage, string mentions)
    {
        CliResult result = await CliRunner.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(usage, result.Output, StringComparison.Ordinal);
        Assert.Contains(mentions, result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create", "init")]
    [InlineData("status", "inspect")]
    [InlineData("list", "ls")]
    public async Task OldVerbNamesStayAsAliases(string old, string now)
    {
        CliResult result = await CliRunner.RunAsync("machine", old, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"podman-cli machine {now}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingMachineIsOneLineWithoutAStackTrace()
    {
        CliResult result = await CliRunner.RunAsync("machine", "ssh", "nosuch", "--store", _store, "--", "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Equal($"podman-cli: There is no machine 'nosuch' in {_store}.", result.Error.TrimEnd());
    }

    [Fact]
    public async Task TabCompletionSuggestsVerbs()
    {
        CliResult result = await CliRunner.RunAsync("[suggest:21]", "podman-cli machine st");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("start", lines);
        Assert.Contains("stop", lines);
        Assert.DoesNotContain("ls", lines);
    }

    [Fact]
    public async Task CompletionScriptCallsTheSuggestDirective()
    {
        CliResult result = await CliRunner.RunAsync("completion", "bash");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("complete -o default -F _podman_cli_complete podman-cli", result.Output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionComesFromTheCommandLineThenTheEnvironment()
    {
        var environment = new Dictionary<string, string?> { ["PODMAN_VARLINK_ADDRESS"] = "unix:/env.sock" };

        CliResult flag = await CliRunner.RunAsync(["system", "connection", "--url", "unix:/flag.sock", "--store", _store], environment);
        CliResult env = await CliRunner.RunAsync(["system", "connection", "--store", _store], environment);
        CliResult none = await CliRunner.RunAsync("system", "connection", "--store", _store);

        Assert.Equal("address unix:/flag.sock (from the command line)", flag.Output.TrimEnd());
        Assert.Equal("address unix:/env.sock (from the environment)", env.Output.TrimEnd());
        Assert.Equal(125, none.ExitCode);
        Assert.Contains("no connection", none.Error, StringComparison.Ordinal);
    }
}
