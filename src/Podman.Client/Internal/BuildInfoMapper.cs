using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary><see cref="ImageBuildParameters"/> → io.podman's BuildInfo (every field required, so defaults are spelled out).</summary>
internal static class BuildInfoMapper
{
    public static V.BuildInfo Map(ImageBuildParameters b) => new()
    {
        Architecture = "", AddCapabilities = [], AdditionalTags = [.. b.Tags.Skip(1)], Annotations = [],
        BuildArgs = new Dictionary<string, string>(b.BuildArgs),
        BuildOptions = new V.BuildOptions
        {
            AddHosts = [], CgroupParent = "", CpuPeriod = 0, CpuQuota = 0, CpuShares = 0, CpusetCpus = "", CpusetMems = "",
            Memory = 0, MemorySwap = 0, ShmSize = "", Ulimit = [], Volume = [],
        },
        CniConfigDir = "", CniPluginDir = "", Compression = "", ContextDir = b.ContextDirectory ?? "", DefaultsMountFilePath = "", Devices = [],
        Dockerfiles = [.. b.Containerfiles], DropCapabilities = [], Err = "", ForceRmIntermediateCtrs = false, Iidfile = "",
        Label = [.. b.Labels], Layers = b.Layers, Nocache = b.NoCache, Os = "", Out = "", Output = b.Tags.FirstOrDefault() ?? "",
        OutputFormat = "", PullPolicy = b.PullPolicy ?? "", Quiet = b.Quiet, RemoteIntermediateCtrs = true, ReportWriter = "",
        RuntimeArgs = [], SignBy = "", Squash = false, Target = b.Target ?? "", TransientMounts = [],
    };
}
