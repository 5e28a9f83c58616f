using Varlink.Idl;

namespace Varlink.Net.Tests.Idl;

public class ReferenceInterfaceTests
{
    [Fact]
    public void PodmanInterfaceHas97Methods42TypesAnd13Errors()
    {
        var podman = VarlinkInterfaceDefinition.Parse(IdlTestFiles.PodmanReferenceText);

        Assert.Equal("io.podman", podman.Name);
        Assert.Equal(97, podman.Methods.Count);
        Assert.Equal(42, podman.Types.Count);
        Assert.Equal(13, podman.Errors.Count);
    }

    [Fact]
    public void CertificationInterfaceHasItsMethodsTypesAndErrors()
    {
        var certification = VarlinkInterfaceDefinition.Parse(IdlTestFiles.CertificationText);

        Assert.Equal("org.varlink.certification", certification.Name);
        Assert.Equal(
            ["Start", "Test01", "Test02", "Test03", "Test04", "Test05", "Test06", "Test07", "Test08", "Test09", "Test10", "Test11", "End"],
            certification.Methods.Select(m => m.Name));
        Assert.Equal(["Interface", "MyType"], certification.Types.Select(t => t.Name));
        Assert.Equal(["ClientIdError", "CertificationError"], certification.Errors.Select(e => e.Name));
    }

    public static TheoryData<string> ReferenceInterfaces() => new() { "io.podman", "org.varlink.certification" };

    [Theory]
    [MemberData(nameof(ReferenceInterfaces))]
    public void FormattingLosesNothingAndIsStable(string name)
    {
        var text = name == "io.podman" ? IdlTestFiles.PodmanReferenceText : IdlTestFiles.CertificationText;
        var parsed = VarlinkInterfaceDefinition.Parse(text);

        var formatted = parsed.Format();
        var reparsed = VarlinkInterfaceDefinition.Parse(formatted);

        Assert.Equal(parsed, reparsed);
        Assert.Equal(parsed.GetHashCode(), reparsed.GetHashCode());
        Assert.Equal(formatted, reparsed.Format());
        Assert.Equal(text, parsed.Text);
        Assert.Equal(formatted, reparsed.Text);
    }

    [Fact]
    public void PodmanDocCommentsAreAttachedToWhatTheyDescribe()
    {
        var podman = VarlinkInterfaceDefinition.Parse(IdlTestFiles.PodmanReferenceText);

        Assert.StartsWith("Podman Service Interface and API description.", podman.Documentation);
        Assert.Equal("ContainerChanges describes the return struct for ListContainerChanges", podman.FindType("ContainerChanges")!.Documentation);
        Assert.Equal("Container is already stopped", podman.FindError("ErrCtrStopped")!.Documentation);
        Assert.Null(podman.FindMethod("Ps")!.Documentation);

        var getVersion = podman.FindMethod("GetVersion")!;
        Assert.Equal("GetVersion returns version and build information of the podman service", getVersion.Documentation);
        Assert.Equal("as RFC3339", getVersion.Output.FindField("built")!.Documentation);

        // Two comment lines above a field both document it; a comment after a field's comma documents that field.
        var eventType = (VarlinkStructType)podman.FindType("Event")!.Type;
        Assert.Equal("TODO: make status and type a enum at some point?\nid is the container, volume, pod, image ID", eventType.FindField("id")!.Documentation);
        var image = (VarlinkStructType)podman.FindType("Image")!.Type;
        Assert.Equal("as RFC3339", image.FindField("created")!.Documentation);
        Assert.Null(image.FindField("size")!.Documentation);

        // Code examples keep their indentation and their own '#' characters.
        var processes = podman.FindMethod("ListContainerProcesses")!.Documentation!.Split('\n');
        Assert.Contains("#### Example", processes);
        Assert.Contains("  \"container\": [", processes);
    }

    [Fact]
    public void CommentBlockSeparatedByABlankLineIsKeptApartFromTheNextMethod()
    {
        var podman = VarlinkInterfaceDefinition.Parse(IdlTestFiles.PodmanReferenceText);

        var start = podman.FindMethod("StartContainer")!;

        Assert.StartsWith("StartContainer starts a created or stopped container.", start.Documentation);
        Assert.Equal(["This method has not be implemented yet.\nmethod ResizeContainerTty() -> (notimplemented: NotImplemented)"], start.DetachedComments);
    }

    [Fact]
    public void PodmanPositionsPointAtTheDeclaredNames()
    {
        var podman = VarlinkInterfaceDefinition.Parse(IdlTestFiles.PodmanReferenceText);

        var volume = podman.FindType("Volume")!;
        Assert.Equal((5, 6), (volume.Line, volume.Column));
        var labels = ((VarlinkStructType)volume.Type).FindField("labels")!;
        Assert.Equal((7, 3), (labels.Line, labels.Column));
        var lastError = podman.FindError("ErrRequiresCgroupsV2ForRootless")!;
        Assert.Equal((1398, 7), (lastError.Line, lastError.Column));
    }
}
