using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// The methods not served yet (build, save/load/import/export, image layer maps, attach/exec, file transfer, runlabel):
/// each answers <c>org.varlink.service.MethodNotImplemented</c> naming itself, never a made-up result.
/// <c>CreateFromCC</c> and <c>AttachControl</c> answered the same in podman 1.9.3 itself.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The methods answered with MethodNotImplemented (the README lists them too).</summary>
    public static IReadOnlyList<string> NotServed { get; } =
    [
        "BuildImage",
        "BuildImageHierarchyMap",
        "ContainerRunlabel",
        "CreateFromCC",
        "ExportImage",
        "GetLayersMapWithImageInfo",
        "ImageSave",
        "ImportImage",
        "LoadImage",
        "ReceiveFile",
        "SendFile",
    ];

    private static VarlinkRemoteException NotYet(string method) => VarlinkServiceErrors.CreateMethodNotImplemented(InterfaceName + "." + method);

    protected override ValueTask BuildImageAsync(BuildInfo build, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("BuildImage");

    protected override ValueTask<string> ImportImageAsync(string source, string reference, string message, IReadOnlyList<string> changes, bool delete, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImportImage");

    protected override ValueTask<string> ExportImageAsync(string name, string destination, bool compress, IReadOnlyList<string> tags, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExportImage");

    protected override ValueTask ContainerRunlabelAsync(Runlabel runlabel, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ContainerRunlabel");

    protected override ValueTask<string> CreateFromCCAsync(IReadOnlyList<string> @in, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("CreateFromCC");

    protected override ValueTask SendFileAsync(string type, long length, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("SendFile");

    protected override ValueTask ReceiveFileAsync(string path, bool delete, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ReceiveFile");

    protected override ValueTask ImageSaveAsync(ImageSaveOptions options, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ImageSave");

    protected override ValueTask LoadImageAsync(string name, string inputFile, bool quiet, bool deleteFile, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("LoadImage");

    protected override ValueTask<string> GetLayersMapWithImageInfoAsync(VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetLayersMapWithImageInfo");

    protected override ValueTask<string> BuildImageHierarchyMapAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("BuildImageHierarchyMap");
}
