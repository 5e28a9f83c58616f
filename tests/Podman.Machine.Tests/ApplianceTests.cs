using System.Diagnostics;
using System.Text.Json;

namespace Podman.Machine.Tests;

/// <summary>podman and buildah in the booted appliance, reached over SSH with the generated key.</summary>
[Collection(ApplianceCollection.Name)]
public sealed class ApplianceTests(ApplianceFixture appliance, ITestOutputHelper output)
{
    private PodmanMachine Vm => appliance.Machine;

    private async Task<string> RunOkAsync(string command) => (await Vm.RunAsync(command, TimeSpan.FromMinutes(5))).EnsureSuccess().StandardOutput;

    [Fact]
    public async Task SshLogsInAsRootWithTheGeneratedKeyAndThePinnedHostKey()
    {
        Assert.Equal("0", (await RunOkAsync("id -u")).Trim());
        string authorized = await RunOkAsync("cat /root/.ssh/authorized_keys");
        string ours = (await File.ReadAllTextAsync(Vm.Config.IdentityFile + ".pub")).Trim();
        Assert.Contains(ours.Split(' ')[1], authorized);
        Assert.Equal(Vm.Config.HostKeyFingerprint, ConsoleLog.AnnouncedHostKey(Vm.ConsoleLogPath));
    }

    [Fact]
    public async Task BootTimeToReadyIsReported()
    {
        foreach (string line in BootTimes.All)
        {
            output.WriteLine(line);
        }

        Assert.InRange(appliance.FirstBoot, TimeSpan.FromSeconds(1), ApplianceFixture.BootTimeout);
    }

    [Fact]
    public async Task PodmanInfoShowsOverlayStorageAndCgroupV2()
    {
        using JsonDocument info = JsonDocument.Parse(await RunOkAsync("podman info --format json"));

        Assert.Equal("overlay", info.RootElement.GetProperty("store").GetProperty("graphDriverName").GetString());
        Assert.Equal("v2", info.RootElement.GetProperty("host").GetProperty("cgroupVersion").GetString());
        output.WriteLine($"podman {info.RootElement.GetProperty("version").GetProperty("Version").GetString()}, kernel {info.RootElement.GetProperty("host").GetProperty("kernel").GetString()}");
    }

    [Fact]
    public async Task RunOfAnImportedImagePrintsItsOutputAndIsRemoved()
    {
        string printed = await RunOkAsync($"podman run --rm --name once {ApplianceFixture.BusyboxImage} sh -c 'echo hello from $(uname -s) busybox'");

        Assert.Equal("hello from Linux busybox\n", printed);
        Assert.Equal("", (await RunOkAsync("podman ps -a --filter name=once --format '{{.Names}}'")).Trim());
    }

    [Fact]
    public async Task DetachedContainerLogsCanBeRead()
    {
        await RunOkAsync("podman rm -f logger >/dev/null 2>&1; true");
        await RunOkAsync($"podman run -d --name logger {ApplianceFixture.BusyboxImage} sh -c 'echo first line; echo second line; sleep 600'");
        try
        {
            string logs = "";
            var clock = Stopwatch.StartNew();
            while (!logs.Contains("second line") && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                logs = await RunOkAsync("podman logs logger");
                if (!logs.Contains("second line"))
                {
                    await Task.Delay(1000);
                }
            }

            Assert.Equal("first line\nsecond line\n", logs);
            Assert.Equal("running", (await RunOkAsync("podman inspect logger --format '{{.State.Status}}'")).Trim());
        }
        finally
        {
            await Vm.RunAsync("podman rm -f -t 0 logger");
        }
    }

    [Fact]
    public async Task ContainerInAPodReachesItsNeighbourOnLocalhost()
    {
        await RunOkAsync("podman pod rm -f duo >/dev/null 2>&1; true");
        await RunOkAsync("podman pod create --name duo");
        try
        {
            await RunOkAsync($"podman run -d --pod duo --name web {ApplianceFixture.BusyboxImage} sh -c 'echo hello from the pod > /www/index.html && exec httpd -f -p 8080 -h /www'");
            SshCommandResult fetched = null!;
            var clock = Stopwatch.StartNew();
            for (int attempt = 0; attempt < 30 && clock.Elapsed < TimeSpan.FromMinutes(3); attempt++)
            {
                fetched = await Vm.RunAsync($"podman run --rm --pod duo {ApplianceFixture.BusyboxImage} wget -q -O - http://127.0.0.1:8080/", TimeSpan.FromMinutes(2));
                if (fetched.ExitCode == 0)
                {
                    break;
                }

                await Task.Delay(2000);
            }

            Assert.Equal("hello from the pod\n", fetched.EnsureSuccess().StandardOutput);
            string members = await RunOkAsync("podman pod inspect duo --format '{{.NumContainers}}'");
            Assert.Equal("2", members.Trim()); // the infra container and web; the --rm client is gone
        }
        finally
        {
            await Vm.RunAsync("podman pod rm -f -t 0 duo");
        }
    }

    [Fact]
    public async Task TheIsoCarriesOurVarlinkBridgeAndItsPackageList()
    {
        // The NativeAOT bridge copies bytes raw: an HTTP request to podman's REST socket comes back answered.
        string ping = await RunOkAsync("printf 'GET /_ping HTTP/1.0\\r\\n\\r\\n' | varlink bridge --connect unix:/run/podman/podman.sock");
        Assert.StartsWith("HTTP/1.0 200 OK", ping);
        Assert.EndsWith("OK", ping.TrimEnd());

        // The package list the build wrote beside the ISO is the one inside it.
        Assert.Equal(await File.ReadAllTextAsync(appliance.Iso + ".packages"), await RunOkAsync("cat /usr/share/boot2podman/packages"));
    }

    [Fact]
    public async Task TheDeferredColdplugWaitsForTheHostsReadinessCheckAndTheVgaConsoleLogsInAfterAnnounce()
    {
        // announce is done (ready, then the deferred coldplug) at most a minute after ready.
        await RunOkAsync("n=0; while [ ! -e /run/boot2podman/announced ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done; " +
            "test -e /run/boot2podman/announced");

        // A VM with a virtio NIC and disk leaves the coldplug until ready; announce then waited for the marker that
        // Podman.Machine's readiness exec makes, not for its 5 s bound.
        string log = await RunOkAsync("cat /var/log/boot.log");
        Assert.Contains("mark coldplug-deferred ", log);
        Assert.Contains("mark coldplug-after-host-ready ", log);
        Assert.DoesNotContain("mark coldplug-after-5s", log);
        Assert.Contains("mark coldplug-done ", log);

        // The VGA console's root autologin started after announce (after-boot): a login shell runs on tty1.
        string onTty1 = await RunOkAsync("for p in /proc/[0-9]*; do [ \"$(readlink $p/fd/0)\" = /dev/tty1 ] && cat $p/comm; done; true");
        Assert.Contains("sh", onTty1.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task BuildahWorksOnPodmansStorage()
    {
        Assert.StartsWith("buildah version", await RunOkAsync("buildah --version"));

        string built = await RunOkAsync(
            $"c=$(buildah from {ApplianceFixture.BusyboxImage}) && buildah config --label made=by-buildah $c >/dev/null && " +
            "buildah commit -q $c localhost/bb:buildah >/dev/null && buildah rm $c >/dev/null && " +
            "podman image inspect localhost/bb:buildah --format '{{.Labels.made}}'");
        Assert.Equal("by-buildah\n", built);
        await Vm.RunAsync("podman rmi localhost/bb:buildah");
    }
}
