using System.Diagnostics;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// Bad input to the real service through SSH + bridge: each gets a typed error naming what was wrong,
/// the same connection keeps serving, and nothing is left behind in podman. Then Reset, which empties
/// podman as 1.9's did and lets the service restart.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class BadInputConformanceTests(IoPodmanVm vm)
{
    [Fact]
    public async Task EachBadCallIsATypedErrorAndTheServiceKeepsServing()
    {
        var before = await ContainerIdsAsync();
        await using var connection = await vm.ConnectAsync();

        var unknown = await ErrorAsync(connection, "NoSuchMethod", "{}");
        Assert.Equal(VarlinkServiceErrors.MethodNotFound, unknown.ErrorName);
        Assert.Equal("io.podman.NoSuchMethod", unknown.Parameters.GetProperty("method").GetString());

        var wrongType = await ErrorAsync(connection, "GetContainer", """{"id":5}""");
        Assert.Equal(VarlinkServiceErrors.InvalidParameter, wrongType.ErrorName);
        Assert.Equal("id", wrongType.Parameters.GetProperty("parameter").GetString());
        var wrongNested = await ErrorAsync(connection, "StopContainer", """{"name":"x","timeout":"soon"}""");
        Assert.Equal(VarlinkServiceErrors.InvalidParameter, wrongNested.ErrorName);
        Assert.Equal("timeout", wrongNested.Parameters.GetProperty("parameter").GetString());

        var nonsense = await ErrorAsync(connection, "CreateContainer", $$$"""{"create":{"args":["{{{IoPodmanVm.Image}}}","true"],"memory":"lots"}}""");
        Assert.Equal("io.podman.ErrorOccurred", nonsense.ErrorName);
        Assert.Contains("create.memory", nonsense.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var noImage = await ErrorAsync(connection, "CreateContainer", """{"create":{"args":[]}}""");
        Assert.Contains("create.args", noImage.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var badPort = await ErrorAsync(connection, "CreateContainer", $$$"""{"create":{"args":["{{{IoPodmanVm.Image}}}","true"],"publish":["80:http"]}}""");
        Assert.Contains("create.publish", badPort.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var missingImage = await ErrorAsync(connection, "CreateContainer", """{"create":{"args":["localhost/nosuch:image","true"],"pull":"never"}}""");
        Assert.Equal("io.podman.ErrorOccurred", missingImage.ErrorName);
        Assert.Contains("localhost/nosuch:image", missingImage.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);

        foreach (var method in new[] { "GetContainer", "InspectContainer", "StartContainer", "GetContainerLogs", "RemoveContainer" })
        {
            var key = method == "GetContainer" ? "id" : "name";
            var missing = await ErrorAsync(connection, method, $$"""{"{{key}}":"nosuch-container"}""");
            Assert.Equal("io.podman.ContainerNotFound", missing.ErrorName);
            Assert.Equal("nosuch-container", missing.Parameters.GetProperty("id").GetString());
        }

        var notThere = await ErrorAsync(connection, "AttachControl", """{"name":"nosuch-container"}""");
        Assert.Equal("io.podman.ContainerNotFound", notThere.ErrorName);

        // Still serving on the same connection, and podman has no container more than before.
        Assert.Equal("1.9.3", (await IoPodmanVm.CallAsync(connection, "GetVersion")).GetProperty("version").GetString());
        Assert.Equal(before, await ContainerIdsAsync());
        Assert.Equal(1, (await IoPodmanVm.CallAsync(connection, "ContainerExists", """{"name":"nosuch-container"}""")).GetProperty("exists").GetInt64());
    }

    [Fact]
    public async Task ResetEmptiesPodmanAndTheServiceComesBack()
    {
        var name = vm.NewName("reset");
        await vm.CreateAsync(name, "true");
        try
        {
            await vm.CallAsync("Reset");
            Assert.Empty(await ContainerIdsAsync());
            Assert.Equal("", (await vm.ShAsync("podman images -q")).Trim());

            // 1.9's service exited after a reset; the supervisor starts it again (bounded wait).
            var clock = Stopwatch.StartNew();
            JsonElement? version = null;
            for (var attempt = 0; attempt < 60 && version is null; attempt++)
            {
                try
                {
                    version = await vm.CallAsync("GetVersion");
                }
                catch (Exception e) when (e is VarlinkException or IOException)
                {
                    await vm.ShAsync("sleep 0.5");
                }
            }

            Assert.NotNull(version);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2));
        }
        finally
        {
            await vm.ImportImageAsync();
        }
    }

    private static Task<VarlinkRemoteException> ErrorAsync(VarlinkConnection connection, string method, string parameters)
        => Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => IoPodmanVm.CallAsync(connection, method, parameters));

    private async Task<HashSet<string>> ContainerIdsAsync()
        => (await vm.ShAsync("podman ps -a -q --no-trunc")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
}
