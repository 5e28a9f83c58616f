using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// io.podman's volumes, images, pull/push, pods and kube in the appliance, each checked against what
/// the <c>podman</c> CLI in the same VM reports.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class Part2VmTests(IoPodmanVm vm)
{
    private const string Bb = IoPodmanVm.Image;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task VolumesAreWhatPodmanVolumeShows()
    {
        await vm.Machine.RunAsync("podman volume rm -f vmt-vol vmt-unused");
        Assert.Equal("vmt-vol", (await vm.CallAsync("VolumeCreate", """{"options":{"volumeName":"vmt-vol","driver":"","labels":{"app":"vmt"},"options":{}}}""")).GetProperty("volumeName").GetString());
        Assert.Equal("vmt", (await vm.ShAsync("podman volume inspect vmt-vol --format '{{.Labels.app}}'")).Trim());

        var listed = (await vm.CallAsync("GetVolumes", """{"args":[],"all":true}""")).GetProperty("volumes").EnumerateArray().ToList();
        Assert.Equal(Lines(await vm.ShAsync("podman volume ls -q")).Order(StringComparer.Ordinal), listed.Select(v => v.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var volume = listed.Single(v => v.GetProperty("name").GetString() == "vmt-vol");
        Assert.Equal((await vm.ShAsync("podman volume inspect vmt-vol --format '{{.Mountpoint}}'")).Trim(), volume.GetProperty("mountPoint").GetString());
        using (var inspect = JsonDocument.Parse((await vm.CallAsync("InspectVolume", """{"name":"vmt-vol"}""")).GetProperty("volume").GetString()!))
        {
            Assert.Equal("vmt-vol", inspect.RootElement.GetProperty("Name").GetString());
        }

        var removed = await vm.CallAsync("VolumeRemove", """{"options":{"volumes":["vmt-vol","vmt-nosuch"],"all":false,"force":false}}""");
        Assert.Equal(["vmt-vol"], removed.GetProperty("successes").EnumerateArray().Select(s => s.GetString()));
        Assert.True(removed.GetProperty("failures").TryGetProperty("vmt-nosuch", out _));
        Assert.DoesNotContain("vmt-vol", Lines(await vm.ShAsync("podman volume ls -q")));

        await vm.ShAsync("podman volume create vmt-unused >/dev/null");
        var pruned = await vm.CallAsync("VolumesPrune");
        Assert.Contains("vmt-unused", pruned.GetProperty("prunedNames").EnumerateArray().Select(n => n.GetString()));
        Assert.DoesNotContain("vmt-unused", Lines(await vm.ShAsync("podman volume ls -q")));
        Assert.Equal("io.podman.VolumeNotFound", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("GetVolumes", """{"args":["vmt-nosuch"],"all":false}"""))).ErrorName);
    }

    [Fact]
    public async Task ImagesAreWhatPodmanImagesShows()
    {
        var id = (await vm.ShAsync($"podman inspect {Bb} --format '{{{{.Id}}}}'")).Trim();
        var images = (await vm.CallAsync("ListImages")).GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(Lines(await vm.ShAsync("podman images -a --no-trunc --format '{{.ID}}'")).Select(i => i.Replace("sha256:", "", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal), images.Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));

        var image = (await vm.CallAsync("GetImage", $$"""{"id":"{{Bb}}"}""")).GetProperty("image");
        Assert.Equal(id, image.GetProperty("id").GetString());
        Assert.Contains(Bb, image.GetProperty("repoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((await vm.ShAsync($"podman inspect {Bb} --format '{{{{.Created.UTC.Format \"2006-01-02T15:04:05Z07:00\"}}}}'")).Trim(), image.GetProperty("created").GetString());
        Assert.NotEqual("", image.GetProperty("topLayer").GetString());
        Assert.Equal(0, (await vm.CallAsync("ImageExists", $$"""{"name":"{{Bb}}"}""")).GetProperty("exists").GetInt64());
        Assert.Equal(1, (await vm.CallAsync("ImageExists", """{"name":"localhost/vmt-nosuch:1"}""")).GetProperty("exists").GetInt64());
        using (var inspect = JsonDocument.Parse((await vm.CallAsync("InspectImage", $$"""{"name":"{{Bb}}"}""")).GetProperty("image").GetString()!))
        {
            Assert.Equal(id, inspect.RootElement.GetProperty("Id").GetString());
        }

        var history = (await vm.CallAsync("HistoryImage", $$"""{"name":"{{Bb}}"}""")).GetProperty("history");
        Assert.Equal(Lines(await vm.ShAsync($"podman history -q {Bb}")).Length, history.GetArrayLength());
        Assert.Contains("Image ID:", (await vm.CallAsync("ImageTree", $$"""{"name":"{{Bb}}","whatRequires":false}""")).GetProperty("tree").GetString(), StringComparison.Ordinal);

        Assert.Equal(id, (await vm.CallAsync("TagImage", $$"""{"name":"{{Bb}}","tagged":"localhost/vmt:tagged"}""")).GetProperty("image").GetString());
        Assert.Contains("localhost/vmt:tagged", Lines(await vm.ShAsync("podman images --format '{{.Repository}}:{{.Tag}}'")));
        var response = (await vm.CallAsync("RemoveImageWithResponse", """{"name":"localhost/vmt:tagged","force":false}""")).GetProperty("response");
        Assert.Equal(["localhost/vmt:tagged"], response.GetProperty("untagged").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("", response.GetProperty("deleted").GetString());
        Assert.DoesNotContain("localhost/vmt:tagged", Lines(await vm.ShAsync("podman images --format '{{.Repository}}:{{.Tag}}'")));
        var missing = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("GetImage", """{"id":"localhost/vmt-nosuch:1"}"""));
        Assert.Equal("io.podman.ImageNotFound", missing.ErrorName);
    }

    [Fact]
    public async Task CommitMakesTheImagePodmanThenShows()
    {
        await vm.Machine.RunAsync("podman rm -f vmt-commit; podman rmi -f localhost/vmt-committed:v1");
        await vm.ShAsync($"podman run --name vmt-commit {Bb} sh -c 'echo made > /made'");
        var replies = await vm.CallMoreAsync("Commit", """{"name":"vmt-commit","image_name":"localhost/vmt-committed:v1","changes":["CMD=[\"/bin/ls\"]"],"author":"vmt","message":"","pause":false,"manifestType":""}""");
        var id = Assert.Single(replies).GetProperty("reply").GetProperty("id").GetString();
        Assert.Equal((await vm.ShAsync("podman inspect localhost/vmt-committed:v1 --format '{{.Id}}'")).Trim(), id);
        Assert.Equal("[/bin/ls]", (await vm.ShAsync("podman inspect localhost/vmt-committed:v1 --format '{{.Config.Cmd}}'")).Trim());
        Assert.Equal(id, (await vm.CallAsync("RemoveImage", """{"name":"localhost/vmt-committed:v1","force":false}""")).GetProperty("image").GetString());
        Assert.Equal("1", (await vm.Machine.RunAsync("podman image exists localhost/vmt-committed:v1; echo $?")).StandardOutput.Trim());
        await vm.ShAsync("podman rm -f vmt-commit");
    }

    [Fact]
    public async Task PushThenPullThroughTheRegistryOnTheHostKeepsTheDigest()
    {
        var info = (await vm.CallAsync("GetInfo")).GetProperty("info");
        Assert.Contains(vm.HostRegistry.GuestAddress, info.GetProperty("registries").GetProperty("insecure").EnumerateArray().Select(r => r.GetString()));
        var id = (await vm.ShAsync($"podman inspect {Bb} --format '{{{{.Id}}}}'")).Trim();
        var remote = $"{vm.HostRegistry.GuestAddress}/vmt/bb:v1";

        var pushed = await vm.CallMoreAsync("PushImage", $$"""{"name":"{{Bb}}","tag":"{{remote}}","compress":false,"format":"","removeSignatures":false,"signBy":""}""");
        Assert.True(pushed.Count > 1, "push progress comes as several replies");
        Assert.Equal(id, pushed[^1].GetProperty("reply").GetProperty("id").GetString());
        Assert.Contains(pushed, r => r.GetProperty("reply").GetProperty("logs").EnumerateArray().Any(l => l.GetString()!.Contains("Writing manifest", StringComparison.Ordinal)));

        // The registry's own word on what it holds.
        var digest = await vm.HostRegistry.GetManifestDigestAsync("vmt/bb", "v1");
        Assert.NotNull(digest);

        var pulled = await vm.CallMoreAsync("PullImage", $$$"""{"name":"{{{remote}}}","creds":{"username":"","password":""}}""");
        Assert.True(pulled.Count > 1, "pull progress comes as several replies");
        Assert.Equal(id, pulled[^1].GetProperty("reply").GetProperty("id").GetString());
        Assert.Contains($"{vm.HostRegistry.GuestAddress}/vmt/bb@{digest}", await vm.ShAsync($"podman inspect {remote} --format '{{{{json .RepoDigests}}}}'"), StringComparison.Ordinal);
        var image = (await vm.CallAsync("GetImage", $$"""{"id":"{{remote}}"}""")).GetProperty("image");
        Assert.Contains($"{vm.HostRegistry.GuestAddress}/vmt/bb@{digest}", image.GetProperty("repoDigests").EnumerateArray().Select(d => d.GetString()));

        var search = (await vm.CallAsync("SearchImages", $$$"""{"query":"{{{vm.HostRegistry.GuestAddress}}}/vmt","filter":{"star_count":0}}""")).GetProperty("results");
        Assert.Contains($"{vm.HostRegistry.GuestAddress}/vmt/bb", search.EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        var error = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallMoreAsync("PullImage", $$"""{"name":"{{vm.HostRegistry.GuestAddress}}/vmt/nosuch:v1"}"""));
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Equal("1", (await vm.Machine.RunAsync($"podman image exists {vm.HostRegistry.GuestAddress}/vmt/nosuch:v1; echo $?")).StandardOutput.Trim());
        Assert.Equal("1.9.3", (await vm.CallAsync("GetVersion")).GetProperty("version").GetString());
        await vm.ShAsync($"podman rmi {remote}");
    }

    [Fact]
    public async Task PodsAreWhatPodmanPodShows()
    {
        await vm.Machine.RunAsync("podman pod rm -f vmt-pod");
        var id = (await vm.CallAsync("CreatePod", """{"create":{"name":"vmt-pod","cgroupParent":"","labels":{"app":"vmt"},"share":["cgroup,ipc,net,uts"],"infra":true,"infraCommand":"","infraImage":"","publish":[]}}""")).GetProperty("pod").GetString();
        Assert.Equal((await vm.ShAsync("podman pod inspect vmt-pod --format '{{.ID}}'")).Trim(), id);
        await vm.ShAsync($"podman create --pod vmt-pod --name vmt-pod-ctr {Bb} sleep 1000 >/dev/null");

        Assert.Equal(id, (await vm.CallAsync("StartPod", """{"name":"vmt-pod"}""")).GetProperty("pod").GetString());
        Assert.Equal("Running", (await vm.ShAsync("podman pod inspect vmt-pod --format '{{.State}}'")).Trim());
        var pod = (await vm.CallAsync("ListPods")).GetProperty("pods").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
        Assert.Equal(("Running", "2"), (pod.GetProperty("status").GetString(), pod.GetProperty("numberofcontainers").GetString()));
        Assert.Equal(Lines(await vm.ShAsync("podman pod ps -q --no-trunc")).Order(StringComparer.Ordinal), (await vm.CallAsync("GetPodsByContext", """{"all":true,"latest":false,"args":[]}""")).GetProperty("pods").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal));
        using (var state = JsonDocument.Parse((await vm.CallAsync("PodStateData", """{"name":"vmt-pod"}""")).GetProperty("config").GetString()!))
        {
            Assert.Equal("Running", state.RootElement.GetProperty("State").GetProperty("status").GetString());
            Assert.Equal((await vm.ShAsync("podman pod inspect vmt-pod --format '{{.InfraContainerID}}'")).Trim(), state.RootElement.GetProperty("State").GetProperty("infraContainerID").GetString());
        }

        var top = (await vm.CallAsync("TopPod", """{"pod":"vmt-pod","latest":false,"descriptors":[]}""")).GetProperty("stats");
        Assert.Contains(top.EnumerateArray(), l => l.GetString()!.Contains("sleep", StringComparison.Ordinal));
        Assert.Equal(2, (await vm.CallAsync("GetPodStats", """{"name":"vmt-pod"}""")).GetProperty("containers").GetArrayLength());

        var kube = (await vm.CallAsync("GenerateKube", """{"name":"vmt-pod","service":true}""")).GetProperty("pod");
        using (var yaml = JsonDocument.Parse(kube.GetProperty("pod").GetString()!))
        {
            Assert.Equal("vmt-pod", yaml.RootElement.GetProperty("metadata").GetProperty("name").GetString());
            Assert.Equal("vmt-pod-ctr", yaml.RootElement.GetProperty("spec").GetProperty("containers")[0].GetProperty("name").GetString());
        }

        Assert.Equal(id, (await vm.CallAsync("PausePod", """{"name":"vmt-pod"}""")).GetProperty("pod").GetString());
        Assert.Equal("Paused", (await vm.ShAsync("podman pod inspect vmt-pod --format '{{.State}}'")).Trim());
        await vm.CallAsync("UnpausePod", """{"name":"vmt-pod"}""");
        Assert.Equal(id, (await vm.CallAsync("StopPod", """{"name":"vmt-pod","timeout":1}""")).GetProperty("pod").GetString());
        Assert.Equal("Exited", (await vm.ShAsync("podman pod inspect vmt-pod --format '{{.State}}'")).Trim());
        Assert.Equal("Exited", (await vm.CallAsync("GetPod", """{"name":"vmt-pod"}""")).GetProperty("pod").GetProperty("status").GetString());

        Assert.Equal(id, (await vm.CallAsync("RemovePod", """{"name":"vmt-pod","force":true}""")).GetProperty("pod").GetString());
        Assert.Equal("1", (await vm.Machine.RunAsync("podman pod exists vmt-pod; echo $?")).StandardOutput.Trim());
        Assert.Equal("io.podman.PodNotFound", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("GetPod", """{"name":"vmt-pod"}"""))).ErrorName);
    }

    /// <summary>An image of its own from a one-file rootfs made in the VM: its id.</summary>
    private async Task<string> ImportAsync(string reference, string content)
    {
        await vm.ShAsync($"mkdir -p /tmp/vmt-rootfs && echo '{content}' > /tmp/vmt-rootfs/f && tar -C /tmp/vmt-rootfs -c . | podman import -q - {reference} >/dev/null; rm -rf /tmp/vmt-rootfs");
        return await vm.ImageIdAsync(reference);
    }

    [Fact]
    public async Task ImageFiltersUntagPruneAndDeleteUnusedAreWhatPodmanImagesShows()
    {
        var bbId = await vm.ImageIdAsync(Bb);
        var filtered = (await vm.CallAsync("ListImagesWithFilters", $$"""{"filters":["reference={{Bb}}"]}""")).GetProperty("images");
        Assert.Equal(Lines(await vm.ShAsync($"podman images -q --no-trunc --filter reference={Bb}")).Select(i => i.Replace("sha256:", "", StringComparison.Ordinal)).Distinct(), filtered.EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.Equal(bbId, Assert.Single(filtered.EnumerateArray()).GetProperty("id").GetString());

        await vm.ShAsync($"podman tag {Bb} localhost/vmt-untag:1");
        Assert.Equal(bbId, (await vm.CallAsync("UntagImage", $$"""{"name":"{{Bb}}","tag":"localhost/vmt-untag:1"}""")).GetProperty("image").GetString());
        Assert.DoesNotContain("localhost/vmt-untag:1", Lines(await vm.ShAsync("podman images --format '{{.Repository}}:{{.Tag}}'")));
        Assert.Equal(bbId, await vm.ImageIdAsync(Bb));

        // A dangling image (its name moved to a newer import): ImagesPrune without all takes it and nothing else.
        var dangling = await ImportAsync("localhost/vmt-prune:1", "first");
        var named = await ImportAsync("localhost/vmt-prune:1", "second");
        Assert.NotEqual(dangling, named);
        var pruned = (await vm.CallAsync("ImagesPrune", """{"all":false,"filter":[]}""")).GetProperty("pruned").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains(dangling, pruned);
        Assert.DoesNotContain(named, pruned);
        Assert.NotEqual(0, (await vm.Machine.RunAsync($"podman image exists {dangling}")).ExitCode);
        Assert.Equal(named, await vm.ImageIdAsync("localhost/vmt-prune:1"));

        // DeleteUnusedImages removes every image no container uses: a container keeps the busybox image.
        var keeper = vm.NewName("vmt-keeper");
        await vm.ShAsync($"podman create --name {keeper} {Bb} true >/dev/null");
        try
        {
            var deleted = (await vm.CallAsync("DeleteUnusedImages")).GetProperty("images").EnumerateArray().Select(i => i.GetString()).ToList();
            Assert.Contains(named, deleted);
            Assert.DoesNotContain(bbId, deleted);
            Assert.NotEqual(0, (await vm.Machine.RunAsync("podman image exists localhost/vmt-prune:1")).ExitCode);
            Assert.Equal(bbId, await vm.ImageIdAsync(Bb));
            Assert.Equal([bbId], Lines(await vm.ShAsync("podman images -q --no-trunc")).Select(i => i.Replace("sha256:", "", StringComparison.Ordinal)).Distinct());
        }
        finally
        {
            await vm.Machine.RunAsync($"podman rm -f {keeper}; podman rmi -f localhost/vmt-prune:1 localhost/vmt-untag:1");
        }
    }

    [Fact]
    public async Task PodRestartKillInspectAndStatusQueriesAreWhatPodmanPodShows()
    {
        var name = vm.NewName("vmt-pod2");
        var id = (await vm.CallAsync("CreatePod", $$$"""{"create":{"name":"{{{name}}}","cgroupParent":"","labels":{},"share":["cgroup,ipc,net,uts"],"infra":true,"infraCommand":"","infraImage":"","publish":[]}}""")).GetProperty("pod").GetString();
        try
        {
            await vm.ShAsync($"podman create --pod {name} --name {name}-ctr {Bb} sleep 1000 >/dev/null");
            await vm.CallAsync("StartPod", $$"""{"name":"{{name}}"}""");
            var started = await vm.PodmanFormatAsync(name + "-ctr", "{{.State.StartedAt}}");

            Assert.Equal(id, (await vm.CallAsync("RestartPod", $$"""{"name":"{{name}}"}""")).GetProperty("pod").GetString());
            Assert.Equal("running", await vm.PodmanFormatAsync(name + "-ctr", "{{.State.Status}}"));
            Assert.NotEqual(started, await vm.PodmanFormatAsync(name + "-ctr", "{{.State.StartedAt}}"));
            Assert.Contains(id, (await vm.CallAsync("GetPodsByStatus", """{"statuses":["Running"]}""")).GetProperty("pods").EnumerateArray().Select(p => p.GetString()));

            using (var inspect = JsonDocument.Parse((await vm.CallAsync("InspectPod", $$"""{"name":"{{name}}"}""")).GetProperty("pod").GetString()!))
            {
                Assert.Equal(id, inspect.RootElement.GetProperty("Config").GetProperty("id").GetString());
                Assert.Equal(name, inspect.RootElement.GetProperty("Config").GetProperty("name").GetString());
                Assert.Equal("Running", inspect.RootElement.GetProperty("State").GetProperty("status").GetString());
                Assert.Equal(2, inspect.RootElement.GetProperty("Containers").GetArrayLength());
            }

            Assert.Equal(id, (await vm.CallAsync("KillPod", $$"""{"name":"{{name}}","signal":9}""")).GetProperty("pod").GetString());
            Assert.Equal("137", await vm.PodmanFormatAsync(name + "-ctr", "{{.State.ExitCode}}"));
            Assert.Equal("Exited", (await vm.ShAsync($"podman pod inspect {name} --format '{{{{.State}}}}'")).Trim());
            var exited = (await vm.CallAsync("GetPodsByStatus", """{"statuses":["Exited"]}""")).GetProperty("pods").EnumerateArray().Select(p => p.GetString()).ToList();
            Assert.Contains(id, exited);
            Assert.DoesNotContain(id, (await vm.CallAsync("GetPodsByStatus", """{"statuses":["Running"]}""")).GetProperty("pods").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("io.podman.PodNotFound", (await vm.CallErrorAsync("InspectPod", """{"name":"vmt-nosuch-pod"}""")).ErrorName);
        }
        finally
        {
            await vm.Machine.RunAsync($"podman pod rm -f {name}");
        }
    }
}
