namespace Podman.Cli.Tests;

/// <summary>
/// <c>run -it</c> and <c>exec -it</c> in a real pseudo-terminal (tmux): keys typed, the screen read. Raw mode
/// (each typed line on the screen once, the container's echo; Ctrl-C reaches the container instead of
/// stopping podman-cli), the size at the start and after a resize (<c>stty size</c> in the container), the
/// exit code of the shell as podman-cli's, and the local terminal put back (echo on) afterwards.
/// </summary>
[Collection(VmCollection.Name)]
[Trait("Category", "VM")]
public sealed class TerminalSessionVmTests(MachineFixture vm)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    /// <summary>Each session test once, or PODMAN_CLI_TTY_REPEAT=N times in one run (to catch a flake).</summary>
    public static TheoryData<int> Rounds()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("PODMAN_CLI_TTY_REPEAT"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1;
        var rounds = new TheoryData<int>();
        foreach (int round in Enumerable.Range(1, count))
        {
            rounds.Add(round);
        }

        return rounds;
    }

    // podman-cli with the given words, then the local terminal's echo flag once it has exited, and its exit code.
    private string SessionCommand(params string[] words) =>
        $"dotnet {Tmux.Quote([CliRunner.CliDll, .. vm.Podman(words)])}; rc=$?; echo \"local-echo=$(stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo)\"; exit $rc";

    private static bool HasLine(string[] screen, string line) => screen.Contains(line);

    // The new size travels on (SIGWINCH, a resize frame, libpod's resize) while the shell may already run the
    // next line: stty size is asked again, a bounded number of times, until it answers the new size.
    private static async Task WaitForSizeAsync(Tmux tmux, int width, int height)
    {
        string expected = $"{height} {width}";
        for (int attempt = 1; ; attempt++)
        {
            await tmux.TypeLineAsync("stty size");
            try
            {
                await tmux.WaitForScreenAsync(s => HasLine(s, expected), $"'{expected}' after the resize", TimeSpan.FromSeconds(20));
                return;
            }
            catch (TimeoutException) when (attempt < 9)
            {
            }
        }
    }

    private static bool Prompted(string[] screen) => screen.Any(l => l.StartsWith("/ # ", StringComparison.Ordinal) || l == "/ #");

    [Theory]
    [MemberData(nameof(Rounds))]
    public async Task RunItIsARawTerminalThatFollowsResizesAndGivesTheExitCode(int round)
    {
        await using Tmux tmux = await Tmux.StartAsync(SessionCommand("run", "-it", "--rm", "--name", $"runit{round}-{Guid.NewGuid():N}"[..16], MachineFixture.Image, "sh"), 100, 30);
        await tmux.WaitForScreenAsync(Prompted, "the container shell's prompt", Long);

        const string typed = "echo hi-$((6*7)); stty size";
        await tmux.TypeLineAsync(typed);
        string[] screen = await tmux.WaitForScreenAsync(s => HasLine(s, "30 100"), "'30 100' (stty size)", Long);
        Assert.Contains("hi-42", screen);
        Assert.Single(screen, l => l.EndsWith(typed, StringComparison.Ordinal));   // echoed by the container's terminal only

        await tmux.ResizeAsync(120, 40);
        await WaitForSizeAsync(tmux, 120, 40);

        // Ctrl-C is a byte for the container's terminal: it interrupts the sleep, the shell and podman-cli go on.
        await tmux.TypeLineAsync("echo sl''eeping; sleep 600");
        await tmux.WaitForScreenAsync(s => HasLine(s, "sleeping"), "'sleeping'", Long);
        await tmux.SendKeyAsync("C-c");
        await tmux.TypeLineAsync("echo after-$((1+1))");
        await tmux.WaitForScreenAsync(s => HasLine(s, "after-2"), "'after-2' after Ctrl-C", Long);

        await tmux.TypeLineAsync("exit 3");
        Assert.Equal(3, await tmux.WaitForExitAsync(Long));
        Assert.Contains("local-echo=echo", await tmux.ScreenAsync());
    }

    [Theory]
    [MemberData(nameof(Rounds))]
    public async Task ExecItIsARawTerminalThatFollowsResizesAndGivesTheExitCode(int round)
    {
        string name = $"tty{round}-{Guid.NewGuid():N}"[..13];
        CliResult run = await CliRunner.RunAsync(vm.Podman("run", "-d", "--name", name, MachineFixture.Image, "sleep", "600"), timeout: Long);
        Assert.True(run.ExitCode == 0, run.Error);
        try
        {
            await using Tmux tmux = await Tmux.StartAsync(SessionCommand("exec", "-it", name, "sh"), 90, 25);
            await tmux.WaitForScreenAsync(Prompted, "the exec shell's prompt", Long);

            await tmux.TypeLineAsync("stty size");
            string[] screen = await tmux.WaitForScreenAsync(s => HasLine(s, "25 90"), "'25 90' (stty size)", Long);
            Assert.Single(screen, l => l.EndsWith("stty size", StringComparison.Ordinal));

            await tmux.ResizeAsync(70, 20);
            await WaitForSizeAsync(tmux, 70, 20);

            await tmux.TypeLineAsync("exit 5");
            Assert.Equal(5, await tmux.WaitForExitAsync(Long));
            Assert.Contains("local-echo=echo", await tmux.ScreenAsync());
        }
        finally
        {
            await CliRunner.RunAsync(vm.Podman("rm", "-f", name), timeout: Long);
        }
    }
}
