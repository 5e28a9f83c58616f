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
        "Commit",
        "ContainerRunlabel",
        "CreateFromCC",
        "CreatePod",
        "DeleteUnusedImages",
        "ExecContainer",
        "ExportImage",
        "GenerateKube",
        "GetAttachSockets",
        "GetImage",
        "GetLayersMapWithImageInfo",
        "GetPod",
        "GetPodStats",
        "GetPodsByContext",
        "GetPodsByStatus",
        "GetVolumes",
        "HistoryImage",
        "ImageExists",
        "ImageSave",
        "ImageTree",
        "ImagesPrune",
        "ImportImage",
        "InspectImage",
        "InspectPod",
        "InspectVolume",
        "KillPod",
        "ListImages",
        "ListImagesWithFilters",
        "ListPods",
        "LoadImage",
        "PausePod",
        "PodStateData",
        "PullImage",
        "PushImage",
        "ReceiveFile",
        "RemoveImage",
        "RemoveImageWithResponse",
        "RemovePod",
        "RestartPod",
        "SearchImages",
        "SendFile",
        "StartPod",
        "StopPod",
        "TagImage",
        "TopPod",
        "UnpausePod",
        "UntagImage",
        "VolumeCreate",
        "VolumeRemove",
        "VolumesPrune",
    ];

    private static VarlinkRemoteException NotYet(string method) => VarlinkServiceErrors.CreateMethodNotImplemented(InterfaceName + "." + method);

    protected override ValueTask AttachAsync(string name, string detachKeys, bool start, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("Attach");

    protected override ValueTask AttachControlAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("AttachControl");

    protected override ValueTask<Sockets> GetAttachSocketsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetAttachSockets");

    protected override ValueTask<IReadOnlyList<Image>> ListImagesAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ListImages");

    protected override ValueTask<IReadOnlyList<Image>> ListImagesWithFiltersAsync(IReadOnlyList<string> filters, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ListImagesWithFilters");

    protected override ValueTask<Image> GetImageAsync(string id, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetImage");

    protected override ValueTask BuildImageAsync(BuildInfo build, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("BuildImage");

    protected override ValueTask<string> InspectImageAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("InspectImage");

    protected override ValueTask<IReadOnlyList<ImageHistory>> HistoryImageAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("HistoryImage");

    protected override ValueTask PushImageAsync(string name, string tag, bool compress, string format, bool removeSignatures, string signBy, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("PushImage");

    protected override ValueTask<string> TagImageAsync(string name, string tagged, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("TagImage");

    protected override ValueTask<string> UntagImageAsync(string name, string tag, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("UntagImage");

    protected override ValueTask<string> RemoveImageAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("RemoveImage");

    protected override ValueTask<RemoveImageResponse> RemoveImageWithResponseAsync(string name, bool force, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("RemoveImageWithResponse");

    protected override ValueTask<IReadOnlyList<ImageSearchResult>> SearchImagesAsync(string query, long? limit, ImageSearchFilter filter, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("SearchImages");

    protected override ValueTask<IReadOnlyList<string>> DeleteUnusedImagesAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("DeleteUnusedImages");

    protected override ValueTask CommitAsync(string name, string imageName, IReadOnlyList<string> changes, string author, string message, bool pause, string manifestType, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("Commit");

    protected override ValueTask<string> ImportImageAsync(string source, string reference, string message, IReadOnlyList<string> changes, bool delete, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImportImage");

    protected override ValueTask<string> ExportImageAsync(string name, string destination, bool compress, IReadOnlyList<string> tags, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExportImage");

    protected override ValueTask PullImageAsync(string name, AuthConfig creds, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("PullImage");

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

    protected override ValueTask<long> ImageExistsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImageExists");

    protected override ValueTask<string> ImageTreeAsync(string name, bool whatRequires, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImageTree");

    protected override ValueTask ContainerRunlabelAsync(Runlabel runlabel, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ContainerRunlabel");

    protected override ValueTask ExecContainerAsync(ExecOpts opts, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExecContainer");

    protected override ValueTask<IReadOnlyList<string>> ImagesPruneAsync(bool all, IReadOnlyList<string> filter, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImagesPrune");

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

    protected override ValueTask<string> VolumeCreateAsync(VolumeCreateOpts options, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("VolumeCreate");

    protected override ValueTask<VolumeRemoveReply> VolumeRemoveAsync(VolumeRemoveOpts options, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("VolumeRemove");

    protected override ValueTask<IReadOnlyList<Volume>> GetVolumesAsync(IReadOnlyList<string> args, bool all, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetVolumes");

    protected override ValueTask<string> InspectVolumeAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("InspectVolume");

    protected override ValueTask<VolumesPruneReply> VolumesPruneAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("VolumesPrune");

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
