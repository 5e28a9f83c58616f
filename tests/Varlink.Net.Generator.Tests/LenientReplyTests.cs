using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.CodeAnalysis;

namespace Varlink.Net.Generator.Tests;

/// <summary>
/// io.podman's generated code, compiled and run: podman 1.9.3 sends null (or nothing) for empty
/// arrays, maps and strings in replies, and a proxy generated with VarlinkLenientReplies reads them
/// as zero values; parameters stay strict, and without the metadata replies are strict too.
/// </summary>
public class LenientReplyTests
{
    // Shaped like podman 1.9.3's replies: nulls for empty lists, maps and strings; fields left out.
    private const string ChangesReply = """{"container":{"changed":null,"added":["/etc/motd"]}}""";
    private const string VersionReply = """{"version":"1.9.3","go_version":null,"git_commit":"","built":null,"os_arch":"linux/amd64"}""";
    private const string ImagesReply = """{"images":[{"id":"sha256:1","digest":null,"digests":null,"parentId":"","repoTags":["alpine:3"],"repoDigests":null,"created":"2020-05-01","size":5600000,"virtualSize":null,"containers":0,"labels":null,"isParent":null,"topLayer":"","readOnly":false,"history":null}]}""";

    [Fact]
    public void NullsAndMissingFieldsInRepliesReadAsZeroValues()
    {
        var context = Load(lenient: true);

        var changes = Read(context, "ListContainerChangesReply", ChangesReply);
        var container = Property(changes, "Container");
        Assert.Empty((IReadOnlyList<string>)Property(container, "Changed"));
        Assert.Equal(["/etc/motd"], (IReadOnlyList<string>)Property(container, "Added"));
        Assert.Empty((IReadOnlyList<string>)Property(container, "Deleted"));

        var version = Read(context, "GetVersionReply", VersionReply);
        Assert.Equal("1.9.3", Property(version, "Version"));
        Assert.Equal(string.Empty, Property(version, "GoVersion"));
        Assert.Equal(string.Empty, Property(version, "Built"));
        Assert.Equal(0L, Property(version, "RemoteApiVersion"));

        var image = ((System.Collections.IEnumerable)Property(Read(context, "ListImagesReply", ImagesReply), "Images")).Cast<object>().Single();
        Assert.Equal(string.Empty, Property(image, "Digest"));
        Assert.Empty((IReadOnlyList<string>)Property(image, "History"));
        Assert.Empty((IReadOnlyDictionary<string, string>)Property(image, "Labels"));
        Assert.Equal(0L, Property(image, "VirtualSize"));
        Assert.Equal(false, Property(image, "IsParent"));
        Assert.Equal(5600000L, Property(image, "Size"));
    }

    [Fact]
    public void ParametersStayStrict()
    {
        var context = Load(lenient: true);

        var error = Assert.Throws<JsonException>(() => Read(context, "ListContainerChangesParameters", """{"name":null}"""));
        Assert.Contains("string", error.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => Read(context, "ListContainerChangesParameters", "{}"));
    }

    [Fact]
    public void WithoutLenientRepliesNullsInRepliesFail()
    {
        var context = Load(lenient: false);

        Assert.Throws<JsonException>(() => Read(context, "ListContainerChangesReply", ChangesReply));
        Assert.Throws<JsonException>(() => Read(context, "GetVersionReply", VersionReply));
    }

    private static Type Load(bool lenient)
    {
        var metadata = new Dictionary<string, string>(InterfaceCases.PodmanMetadata) { ["VarlinkLenientReplies"] = lenient ? "true" : "false" };
        var run = GeneratorHarness.Generate(TestFiles.Podman, File.ReadAllText(TestFiles.Podman), metadata);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = new AssemblyLoadContext("podman-" + lenient, isCollectible: true).LoadFromStream(image);
        return assembly.GetType("Podman.Varlink.PodmanJsonContext", throwOnError: true)!;
    }

    private static object Read(Type context, string type, string json)
    {
        var info = (JsonTypeInfo)context.GetProperty(type, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        try
        {
            return JsonSerializer.Deserialize(json, info)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static object Property(object value, string name) => value.GetType().GetProperty(name)!.GetValue(value)!;
}
