namespace Varlink.Net.Generator.Tests;

/// <summary>The interfaces the generator is tested on, with the item metadata their projects use.</summary>
internal static class InterfaceCases
{
    public static readonly IReadOnlyDictionary<string, string> CertificationMetadata = new Dictionary<string, string>
    {
        ["VarlinkNamespace"] = "Varlink.Certification",
        ["VarlinkMoreMethods"] = "Test10",
        ["VarlinkOnewayMethods"] = "Test11",
    };

    public static readonly IReadOnlyDictionary<string, string> BenchMetadata = new Dictionary<string, string>
    {
        ["VarlinkNamespace"] = "Varlink.Bench",
        ["VarlinkMoreMethods"] = "Stream",
        ["VarlinkOnewayMethods"] = "Echo",
    };

    public static readonly IReadOnlyDictionary<string, string> PodmanMetadata = new Dictionary<string, string>
    {
        ["VarlinkNamespace"] = "Podman.Varlink",
        ["VarlinkMoreMethods"] = "GetEvents;GetContainerLogs;GetContainersLogs;PullImage;PushImage;BuildImage;Commit;ImageSave;LoadImage",
        ["VarlinkUpgradeMethods"] = "Attach;ExecContainer;SendFile;ReceiveFile",
        ["VarlinkLenientReplies"] = "true",
    };

    public static (string Path, IReadOnlyDictionary<string, string> Metadata) Get(string name) => name switch
    {
        "org.varlink.certification" => (TestFiles.Certification, CertificationMetadata),
        "org.example.bench" => (TestFiles.Bench, BenchMetadata),
        _ => (TestFiles.Podman, PodmanMetadata),
    };

    public static GeneratorHarness.Run Generate(string name, params string[] extraSources)
    {
        var (path, metadata) = Get(name);
        return GeneratorHarness.Generate(path, File.ReadAllText(path), metadata, extraSources);
    }
}
