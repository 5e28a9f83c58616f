using Podman.Server.Service;
using Podman.Varlink;

namespace Podman.Server.Tests;

/// <summary>The small translations every mapping leans on: state names, Go's time texts, Create's flag values.</summary>
public sealed class MappingTests
{
    [Theory]
    [InlineData("created", "configured", 1)]
    [InlineData("initialized", "created", 2)]
    [InlineData("running", "running", 3)]
    [InlineData("stopping", "running", 3)]
    [InlineData("stopped", "stopped", 4)]
    [InlineData("paused", "paused", 5)]
    [InlineData("exited", "exited", 6)]
    [InlineData("removing", "removing", 7)]
    [InlineData("", "unknown", 0)]
    public void Podman4StatesGoOutUnder19Names(string v4, string v1, int number)
    {
        Assert.Equal(v1, ContainerStates.ToV1(v4));
        Assert.Equal(number, ContainerStates.ToV1Number(v4));
    }

    [Theory]
    [InlineData("configured", "created")]
    [InlineData("created", "initialized")]
    [InlineData("exited", "exited")]
    [InlineData("stopping", null)]
    [InlineData("bogus", null)]
    public void V19StateNamesComeInAsPodman4s(string v1, string? v4) => Assert.Equal(v4, ContainerStates.ToV4(v1));

    [Theory]
    [InlineData("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123456789Z")]
    [InlineData("2024-05-01T10:00:00.120000000Z", "2024-05-01T10:00:00.12Z")]
    [InlineData("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z", GoTime.Zero)]
    [InlineData("not a time", GoTime.Zero)]
    public void TimesAreGosRfc3339Nano(string input, string expected) => Assert.Equal(expected, GoTime.ToNano(input));

    [Fact]
    public void UnixSecondsOfGosZeroTimeStayTheZeroTime()
    {
        Assert.Equal(GoTime.Zero, GoTime.FromUnixSeconds(-62135596800));
        Assert.Equal("2020-01-01T00:00:00Z", GoTime.FromUnixSeconds(1577836800));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(350_000_000L, "350ms")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    [InlineData(120_000_000_000L, "2m0s")]
    public void DurationsAreGosDurationString(long nanoseconds, string expected) => Assert.Equal(expected, GoTime.FormatDuration(nanoseconds));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(70, "About a minute")]
    [InlineData(600, "10 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(3 * 86400, "3 days")]
    public void HumanDurationsAreDockers(double seconds, string expected) => Assert.Equal(expected, GoTime.HumanDuration((long)(seconds * 1e9)));

    [Theory]
    [InlineData("8080:80", null, (ushort)80, (ushort)8080, null, "tcp")]
    [InlineData("127.0.0.1:8080:80/udp", "127.0.0.1", (ushort)80, (ushort)8080, null, "udp")]
    [InlineData("80", null, (ushort)80, null, null, "tcp")]
    [InlineData(":80", null, (ushort)80, null, null, "tcp")]
    [InlineData("9000-9002:7000-7002", null, (ushort)7000, (ushort)9000, (ushort)3, "tcp")]
    public void PublishBecomesPortMappings(string publish, string? ip, ushort container, ushort? host, ushort? range, string protocol)
    {
        var port = CreateMapper.Port(publish);
        Assert.Equal((ip, container, host, range, protocol), (port.HostIp, port.ContainerPort, port.HostPort, port.Range, port.Protocol));
    }

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1GB", 1L << 30)]
    [InlineData("100", 100L)]
    [InlineData("1.5k", 1536L)]
    public void SizesAreBinaryUnits(string text, long bytes) => Assert.Equal(bytes, CreateMapper.Size(text, "memory"));

    [Fact]
    public void CreateMapsOntoSpecGenerator()
    {
        var plan = CreateMapper.Map(
            new Create
            {
                Args = ["localhost/bb:test", "sh", "-c", "echo hi"],
                Name = "web",
                Env = ["A=1", "B=two=2", "FROM_SERVICE"],
                Label = ["app=x", "flag"],
                Publish = ["8080:80"],
                Volume = ["/srv:/data:ro", "named:/v", "/anon"],
                Memory = "64m",
                Restart = "on-failure:3",
                Network = "mynet",
                Pod = "new:p1",
                StopSignal = "SIGINT",
                HealthcheckCommand = "true",
                Tty = true,
            },
            name => name == "FROM_SERVICE" ? "yes" : null,
            _ => []);
        var spec = plan.Spec;
        Assert.Equal("localhost/bb:test", spec.Image);
        Assert.Equal(["sh", "-c", "echo hi"], spec.Command);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two=2", ["FROM_SERVICE"] = "yes" }, spec.Env);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "x", ["flag"] = "" }, spec.Labels);
        Assert.Equal("bind", Assert.Single(spec.Mounts!).Type);
        Assert.Equal(["named", ""], spec.Volumes!.Select(v => v.Name));
        Assert.Equal(64L << 20, spec.ResourceLimits!.Memory!.Limit);
        Assert.Equal(128L << 20, spec.ResourceLimits.Memory.Swap);
        Assert.Equal(("on-failure", 3UL), (spec.RestartPolicy, spec.RestartTries!.Value));
        Assert.Equal("bridge", spec.NetNs!.Mode);
        Assert.True(spec.Networks!.ContainsKey("mynet"));
        Assert.Equal("p1", spec.Pod);
        Assert.Equal("p1", plan.NewPod);
        Assert.Equal(2, spec.StopSignal);
        Assert.Equal(["CMD-SHELL", "true"], spec.HealthConfig!.Test);
        Assert.Equal(30_000_000_000L, spec.HealthConfig.Interval);
        Assert.Equal(3, spec.HealthConfig.Retries);
        Assert.True(spec.Terminal);
        Assert.Equal("missing", plan.PullPolicy);
    }

    [Theory]
    [InlineData("memory", "lots")]
    [InlineData("publish", "99999:80")]
    [InlineData("restart", "sometimes")]
    [InlineData("stopSignal", "SIGNOPE")]
    public void NonsenseCreateValuesNameTheirField(string field, string value)
    {
        var create = field switch
        {
            "memory" => new Create { Args = ["img"], Memory = value },
            "publish" => new Create { Args = ["img"], Publish = [value] },
            "restart" => new Create { Args = ["img"], Restart = value },
            _ => new Create { Args = ["img"], StopSignal = value },
        };
        var error = Assert.Throws<ErrorOccurredException>(() => CreateMapper.Map(create, _ => null, _ => []));
        Assert.Contains("create." + field, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateWithoutAnImageIsRefused()
    {
        var error = Assert.Throws<ErrorOccurredException>(() => CreateMapper.Map(new Create { Args = [] }, _ => null, _ => []));
        Assert.Contains("create.args", error.Reason, StringComparison.Ordinal);
    }
}
