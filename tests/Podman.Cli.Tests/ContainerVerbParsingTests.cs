using System.CommandLine;
using System.Text.Json.Nodes;

namespace Podman.Cli.Tests;

/// <summary>The container verbs' command lines, parsed in-process: podman's option order, words kept unchanged, clear errors.</summary>
public sealed class ContainerVerbParsingTests
{
    private static ParseResult Parse(params string[] args)
    {
        RootCommand root = Cli.BuildRoot();
        return root.Parse(PassThroughCommand.Prepare(root, args));
    }

    private static T? Value<T>(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name) is Option<T> option ? parse.GetValue(option)
        : parse.CommandResult.Command.Arguments.FirstOrDefault(a => a.Name == name) is Argument<T> argument ? parse.GetValue(argument)
        : throw new InvalidOperationException($"no {name} on {parse.CommandResult.Command.Name}");

    [Fact]
    public void RunOptionsEndAtTheImageAndTheCommandKeepsItsWordsAndQuoting()
    {
        ParseResult parse = Parse("run", "-d", "--rm", "--name", "web", "-e", "A=1 2", "-p", "8080:80", "-v", "data:/data", "busybox", "sh", "-c", "echo 'a  b' \"$X\"", "-l", "--name");

        Assert.Empty(parse.Errors);
        Assert.Equal("run", parse.CommandResult.Command.Name);
        Assert.True(Value<bool>(parse, "--detach"));
        Assert.True(Value<bool>(parse, "--rm"));
        Assert.Equal("web", Value<string?>(parse, "--name"));
        Assert.Equal(["A=1 2"], Value<string[]>(parse, "--env")!);
        Assert.Equal(["8080:80"], Value<string[]>(parse, "--publish")!);
        Assert.Equal(["data:/data"], Value<string[]>(parse, "--volume")!);
        Assert.Equal("busybox", Value<string>(parse, "IMAGE"));
        Assert.Equal(["sh", "-c", "echo 'a  b' \"$X\"", "-l", "--name"], Value<string[]>(parse, "COMMAND")!);
    }

    [Fact]
    public void BundledShortOptionsAndExecArgumentsAreParsedAsPodmanDoes()
    {
        ParseResult parse = Parse("exec", "-it", "-e", "K=v", "web", "ls", "-la", "/");

        Assert.Empty(parse.Errors);
        Assert.True(Value<bool>(parse, "--interactive"));
        Assert.True(Value<bool>(parse, "--tty"));
        Assert.Equal("web", Value<string>(parse, "CONTAINER"));
        Assert.Equal(["ls", "-la", "/"], Value<string[]>(parse, "COMMAND")!);
    }

    [Fact]
    public void ExecCommandWordsAfterTheContainerAreKeptAsGivenOptionsIncluded()
    {
        ParseResult parse = Parse("exec", "-u", "root", "web", "sh", "-c", "printf '%s|' \"$@\"", "x", "a  b", "it's", "", "--user", "-it");

        Assert.Empty(parse.Errors);
        Assert.Equal("root", Value<string?>(parse, "--user"));
        Assert.False(Value<bool>(parse, "--tty"));
        Assert.Equal("web", Value<string>(parse, "CONTAINER"));
        Assert.Equal(["sh", "-c", "printf '%s|' \"$@\"", "x", "a  b", "it's", "", "--user", "-it"], Value<string[]>(parse, "COMMAND")!);
    }

    [Theory]
    [InlineData("--memmory", "run --memmory 3 busybox")]
    [InlineData("--nmae", "run -d --nmae web busybox")]
    [InlineData("--al", "ps --al")]
    [InlineData("--tial", "logs --tial 3 web")]
    [InlineData("--nam", "pod create --nam p")]
    [InlineData("--interactiv", "exec --interactiv web sh")]
    [InlineData("--forse", "rm --forse web")]
    public async Task UnknownOptionIsAnErrorWithExitCode125AndNothingIsCalled(string unknown, string commandLine)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // An address nothing listens on: reaching for it would print "cannot connect".
        int code = await Cli.RunAsync([.. commandLine.Split(' '), "--url", "unix:/nonexistent/io.podman"], output, error);

        Assert.Equal(125, code);
        Assert.Contains($"'{unknown}'", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("connect", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public async Task TemplateOutsideTheSubsetIsRefusedBeforeAnyCall()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await Cli.RunAsync(["ps", "--format", "{{range .}}{{.Names}}{{end}}", "--url", "unix:/nonexistent/io.podman"], output, error);

        Assert.Equal(125, code);
        Assert.Contains("is not in the supported subset", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("connect", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnreachableServiceIsOneLineAndExitCode125()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await Cli.RunAsync(["ps", "-a", "--url", "unix:/nonexistent/io.podman"], output, error);

        Assert.Equal(125, code);
        Assert.StartsWith("podman-cli: ", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GoTemplateSubsetRendersFieldsJsonAndTables()
    {
        var row = new JsonObject
        {
            ["Names"] = "web",
            ["Status"] = "Up 2 minutes ago",
            ["Labels"] = new JsonObject { ["b"] = "2", ["a"] = "1" },
            ["Ports"] = new JsonArray("80/tcp", "443/tcp"),
            ["State"] = new JsonObject { ["Running"] = true, ["Pid"] = 42 },
        };

        Assert.Equal("web Up 2 minutes ago", GoTemplate.Parse("{{.Names}} {{.Status}}").Render(row));
        Assert.Equal("web\ttrue 42", GoTemplate.Parse("{{ .names }}\\t{{.State.Running}} {{- .State.Pid -}}").Render(row).Replace("true42", "true 42", StringComparison.Ordinal));
        Assert.Equal("map[a:1 b:2] [80/tcp 443/tcp]", GoTemplate.Parse("{{.Labels}} {{.Ports}}").Render(row));
        Assert.Equal("{\"b\":\"2\",\"a\":\"1\"}", GoTemplate.Parse("{{json .Labels}}").Render(row));
        Assert.Equal("WEB", GoTemplate.Parse("{{upper .Names}}").Render(row));
        GoTemplate table = GoTemplate.Parse("table {{.Names}}\\t{{.Status}}");
        Assert.True(table.IsTable);
        Assert.Equal("NAMES\tSTATUS", table.Header(new Dictionary<string, string>()));
        UsageException missing = Assert.Throws<UsageException>(() => GoTemplate.Parse("{{.Nope}}").Render(row));
        Assert.Contains("can't evaluate field Nope", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TablesAlignColumnsWithoutTrailingBlanksOrWrapping()
    {
        string longCommand = new('x', 300);
        string text = Listing.Table(["CONTAINER ID", "COMMAND", "NAMES"], [["abc", longCommand, "web"], ["abcdef012345", "sh", ""]]);

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
        Assert.Equal(lines[0].IndexOf("COMMAND", StringComparison.Ordinal), lines[1].IndexOf(longCommand, StringComparison.Ordinal));
        Assert.Equal(lines[1].IndexOf(longCommand, StringComparison.Ordinal), lines[2].IndexOf("sh", StringComparison.Ordinal));
        Assert.EndsWith(longCommand + "  web", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KILL", 9)]
    [InlineData("sigterm", 15)]
    [InlineData("HUP", 1)]
    [InlineData("10", 10)]
    public void SignalsByNameOrNumber(string text, int number) => Assert.Equal(number, Signals.Parse(text));
}
