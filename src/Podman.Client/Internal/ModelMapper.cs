using V = Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>io.podman's records (Go's strings for times and states) → the public models.</summary>
internal static class ModelMapper
{
    public static PodmanVersion Version(V.GetVersionReply r) =>
        new(r.Version, r.GoVersion, r.GitCommit, PodmanValues.Time(r.Built), r.OsArch, r.RemoteApiVersion);

    public static PodmanSystemInfo Info(V.PodmanInfo r) => new(
        new PodmanHostInfo(
            r.Host.Hostname, r.Host.Os, r.Host.Arch, r.Host.Kernel, r.Host.Distribution.Distribution, r.Host.Distribution.Version, (int)r.Host.Cpus,
            r.Host.MemTotal, r.Host.MemFree, r.Host.SwapTotal, r.Host.SwapFree, PodmanValues.Duration(r.Host.Uptime), r.Host.Eventlogger, r.Host.BuildahVersion),
        new PodmanStoreInfo((int)r.Store.Containers, (int)r.Store.Images, r.Store.GraphDriverName, r.Store.GraphRoot, r.Store.RunRoot),
        r.Podman.PodmanVersion,
        r.Podman.GoVersion,
        PodmanValues.List(r.Registries.Search),
        PodmanValues.List(r.Registries.Insecure));

    public static ContainerSummary Container(V.Container c) => new(
        c.Id, c.Names, c.Image, c.Imageid, PodmanValues.List(c.Command), PodmanValues.Time(c.Createdat), PodmanValues.State(c.Status),
        PodmanValues.Map(c.Labels),
        [.. (c.Ports ?? []).Select(p => new PortMapping(p.HostIp, PodmanValues.Port(p.HostPort), PodmanValues.Port(p.ContainerPort), p.Protocol))],
        [.. (c.Mounts ?? []).Select(m => new ContainerMountInfo(m.Type, m.Source, m.Destination, PodmanValues.List(m.Options)))],
        c.Rootfssize,
        c.Rwsize);

    public static ContainerPsEntry Ps(V.PsContainer c) => new(
        c.Id, c.Names, c.Image, c.Command, PodmanValues.State(c.State), c.Status, c.Pod, c.IsInfra, c.PidNum,
        PodmanValues.Time(c.CreatedAt), PodmanValues.Time(c.StartedAt), PodmanValues.Time(c.ExitedAt), PodmanValues.Map(c.Labels), c.Ports, c.RootFsSize, c.RwSize);

    /// <summary>A log line; null for the empty reply that ends a stream.</summary>
    public static ContainerLogLine? Log(V.LogLine l) =>
        l.Cid.Length == 0 && l.Msg.Length == 0 && l.Time.Length == 0
            ? null
            : new ContainerLogLine(l.Cid, l.Device == "stderr" ? LogStream.Stderr : LogStream.Stdout, PodmanValues.Time(l.Time), l.Msg, l.ParseLogType == "P");

    public static ContainerStats Stats(V.ContainerStats s) => new(
        s.Id, s.Name, s.Cpu, TimeSpan.FromTicks(s.CpuNano / 100), TimeSpan.FromTicks(s.SystemNano / 100), s.MemUsage, s.MemLimit, s.MemPerc,
        s.NetInput, s.NetOutput, s.BlockInput, s.BlockOutput, s.Pids);

    public static ImageSummary Image(V.Image i) => new(
        i.Id, PodmanValues.List(i.RepoTags), PodmanValues.List(i.RepoDigests), i.Digest, i.ParentId, PodmanValues.Time(i.Created),
        i.Size, i.VirtualSize, (int)i.Containers, PodmanValues.Map(i.Labels), i.ReadOnly);

    public static ImageHistoryEntry History(V.ImageHistory h) =>
        new(h.Id, PodmanValues.Time(h.Created), h.CreatedBy, PodmanValues.List(h.Tags), h.Size, h.Comment);

    /// <summary>A progress report; null for an empty one.</summary>
    public static ImageProgress? Progress(V.MoreResponse m) =>
        (m.Logs is null || m.Logs.Count == 0) && m.Id.Length == 0 ? null : new ImageProgress(PodmanValues.List(m.Logs), m.Id);

    public static PodSummary Pod(V.ListPodData p) => new(
        p.Id, p.Name, PodmanValues.Time(p.Createdat), p.Status, p.Cgroup, PodmanValues.Map(p.Labels),
        [.. (p.Containersinfo ?? []).Select(c => new PodContainerInfo(c.Id, c.Name, PodmanValues.State(c.Status)))]);

    public static VolumeInfo Volume(V.Volume v) => new(v.Name, v.Driver, v.MountPoint, PodmanValues.Map(v.Labels), PodmanValues.Map(v.Options));

    /// <summary>An event; null for the empty reply that ends a stream.</summary>
    public static PodmanEvent? Event(V.Event e) =>
        e.Id.Length == 0 && e.Type.Length == 0 && e.Status.Length == 0
            ? null
            : new PodmanEvent(PodmanValues.EventType(e.Type), e.Status, e.Id, e.Name, e.Image, PodmanValues.Time(e.Time));
}
