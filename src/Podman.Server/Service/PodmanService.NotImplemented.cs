using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// The methods not served yet (images, pods, volumes, attach/exec, file transfer, kube, runlabel):
/// each answers <c>org.varlink.service.MethodNotImplemented</c> naming itself, never a made-up result.
/// <c>CreateFromCC</c> and <c>AttachControl</c> answered the same in podman 1.9.3 itself.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The methods answered with MethodNotImplemented (the README lists them too).</summary>
    public static IReadOnlyList<string> NotServed { get; } =
    [
        "Attach",
        "AttachControl",
        "BuildImage",
        "BuildImageHierarchyMap",
        "ContainerRunlabel",
        "CreateFromCC",
        "CreatePod",
        "ExecContainer",
        "ExportImage",
        "GenerateKube",
        "GetAttachSockets",
        "GetLayersMapWithImageInfo",
        "GetPod",
        "GetPodStats",
        "GetPodsByContext",
        "GetPodsByStatus",
        "ImageSave",
        "ImportImage",
        "InspectPod",
        "KillPod",
        "ListPods",
        "LoadImage",
        "PausePod",
        "PodStateData",
        "ReceiveFile",
        "RemovePod",
        "RestartPod",
        "SendFile",
        "StartPod",
        "StopPod",
        "TopPod",
        "UnpausePod",
    ];

    private static VarlinkRemoteException NotYet(string method) => VarlinkServiceErrors.CreateMethodNotImplemented(InterfaceName + "." + method);

    protected override ValueTask AttachAsync(string name, string detachKeys, bool start, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("Attach");

    protected override ValueTask AttachControlAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("AttachControl");

    protected override ValueTask<Sockets> GetAttachSocketsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetAttachSockets");

    protected override ValueTask BuildImageAsync(BuildInfo build, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("BuildImage");

    protected override ValueTask<string> ImportImageAsync(string source, string reference, string message, IReadOnlyList<string> changes, bool delete, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImportImage");

    protected override ValueTask<string> ExportImageAsync(string name, string destination, bool compress, IReadOnlyList<string> tags, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExportImage");

    protected override ValueTask<string> CreatePodAsync(PodCreate create, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("CreatePod");

    protected override ValueTask<IReadOnlyList<ListPodData>> ListPodsAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ListPods");

    protected override ValueTask<ListPodData> GetPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetPod");

    protected override ValueTask<string> InspectPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("InspectPod");

    protected override ValueTask<string> StartPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("StartPod");

    protected override ValueTask<string> StopPodAsync(string name, long timeout, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("StopPod");

    protected override ValueTask<string> RestartPodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("RestartPod");

    protected override ValueTask<string> KillPodAsync(string name, long signal, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("KillPod");

    protected override ValueTask<string> PausePodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("PausePod");

    protected override ValueTask<string> UnpausePodAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("UnpausePod");

    protected override ValueTask<string> RemovePodAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("RemovePod");

    protected override ValueTask<IReadOnlyList<string>> TopPodAsync(string pod, bool latest, IReadOnlyList<string> descriptors, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("TopPod");

    protected override ValueTask<GetPodStatsReply> GetPodStatsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetPodStats");

    protected override ValueTask<IReadOnlyList<string>> GetPodsByStatusAsync(IReadOnlyList<string> statuses, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetPodsByStatus");

    protected override ValueTask ContainerRunlabelAsync(Runlabel runlabel, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ContainerRunlabel");

    protected override ValueTask ExecContainerAsync(ExecOpts opts, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExecContainer");

    protected override ValueTask<KubePodService> GenerateKubeAsync(string name, bool service, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GenerateKube");

    protected override ValueTask<string> PodStateDataAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("PodStateData");

    protected override ValueTask<string> CreateFromCCAsync(IReadOnlyList<string> @in, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("CreateFromCC");

    protected override ValueTask SendFileAsync(string type, long length, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("SendFile");

    protected override ValueTask ReceiveFileAsync(string path, bool delete, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ReceiveFile");

    protected override ValueTask ImageSaveAsync(ImageSaveOptions options, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImageSave");

    protected override ValueTask<IReadOnlyList<string>> GetPodsByContextAsync(bool all, bool latest, IReadOnlyList<string> args, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetPodsByContext");

    protected override ValueTask LoadImageAsync(string name, string inputFile, bool quiet, bool deleteFile, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("LoadImage");

    protected override ValueTask<string> GetLayersMapWithImageInfoAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetLayersMapWithImageInfo");

    protected override ValueTask<string> BuildImageHierarchyMapAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("BuildImageHierarchyMap");
}
