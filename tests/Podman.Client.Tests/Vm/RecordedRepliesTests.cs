using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Varlink;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// Where <see cref="Replies"/> come from: the appliance's io.podman, asked by a plain <see cref="VarlinkClient"/> (no
/// Podman.Client model in between) about containers, an image and podman made here. With
/// <c>PODMAN_CLIENT_RECORD_REPLIES=1</c> the replies are written to <c>tests/Podman.Client.Tests/Replies/</c> (the source
/// tree, for a commit); otherwise each recorded reply must still have the shape (every field path and JSON kind) of
/// what the service answers today, so the model tests never drift from the real service.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class RecordedRepliesTests(ClientApplianceFixture appliance)
{
    public const string RecordVariable = "PODMAN_CLIENT_RECORD_REPLIES";

    private static readonly string SourceDirectory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Replies"));

    [Fact]
    public async Task RecordedRepliesHaveTheShapeOfTheAppliancesAnswers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var client = appliance.Client;

        // What the replies describe: a container only created (a published port, a label), one that ran and exited, one running.
        var created = await client.Containers.CreateAsync(
            new ContainerCreateParameters
            {
                Image = ClientApplianceFixture.Image, Name = appliance.NewName("web"), Command = ["sh", "-c", "echo hi"],
                Labels = new Dictionary<string, string> { ["app"] = "demo" }, Publish = ["8080:80"],
            },
            timeout.Token);
        var exited = await client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = appliance.NewName("done"), Command = ["sh", "-c", "echo hi; exit 3"] }, timeout.Token);
        await client.Containers.StartAsync(exited, timeout.Token);
        Assert.Equal(3, await client.Containers.WaitAsync(exited, cancellationToken: timeout.Token));
        var running = await client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = appliance.NewName("busy"), Command = ["sleep", "600"] }, timeout.Token);
        await client.Containers.StartAsync(running, timeout.Token);

        Dictionary<string, JsonNode> live;
        var options = appliance.Machine.CreateClientOptions();
        var transport = PodmanClient.CreateTransport(PodmanConnectionResolver.Resolve(options), options, NullLoggerFactory.Instance);
        await using (var varlink = new VarlinkClient(transport, ownsTransport: true))
        {
            async Task<JsonNode> Ask(string method, string parameters = "{}")
            {
                using var document = JsonDocument.Parse(parameters);
                var reply = await varlink.CallAsync("io.podman." + method, document.RootElement, cancellationToken: timeout.Token);
                return JsonNode.Parse(reply.GetRawText())!;
            }

            var ours = new HashSet<string>([created, exited, running], StringComparer.Ordinal);
            var list = await Ask("ListContainers");
            var containers = list["containers"]!.AsArray();
            foreach (var other in containers.Where(c => !ours.Contains((string)c!["id"]!)).ToList())
            {
                containers.Remove(other);   // the other tests' containers: the recording keeps this test's three
            }

            live = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
            {
                ["GetVersion"] = await Ask("GetVersion"),
                ["GetInfo"] = await Ask("GetInfo"),
                ["ListContainers"] = list,
                ["GetContainer.exited"] = await Ask("GetContainer", $$"""{"id":"{{exited}}"}"""),
                ["GetContainer.running"] = await Ask("GetContainer", $$"""{"id":"{{running}}"}"""),
                ["GetContainerStats"] = await Ask("GetContainerStats", $$"""{"name":"{{running}}"}"""),
                ["GetImage"] = await Ask("GetImage", $$"""{"id":"{{ClientApplianceFixture.Image}}"}"""),
            };
        }

        Assert.Equal(3, live["ListContainers"]["containers"]!.AsArray().Count);
        await client.Containers.RemoveAsync(running, force: true, cancellationToken: timeout.Token);
        await client.Containers.RemoveAsync(exited, cancellationToken: timeout.Token);
        await client.Containers.RemoveAsync(created, cancellationToken: timeout.Token);

        if (Environment.GetEnvironmentVariable(RecordVariable) == "1")
        {
            Directory.CreateDirectory(SourceDirectory);
            foreach (var (name, reply) in live)
            {
                await File.WriteAllTextAsync(Path.Combine(SourceDirectory, name + ".json"), reply.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", timeout.Token);
            }

            return;
        }

        foreach (var (name, reply) in live)
        {
            Assert.Equal(Shape(JsonNode.Parse(Replies.Read(name))), Shape(reply));
        }
    }

    /// <summary>Every field path with its JSON kind (array items merged): what a recorded reply must keep.</summary>
    private static SortedSet<string> Shape(JsonNode? node, string path = "$")
    {
        var shape = new SortedSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                shape.Add(path + ": object");
                foreach (var (key, value) in o)
                {
                    shape.UnionWith(Shape(value, path + "." + key));
                }

                break;
            case JsonArray a:
                shape.Add(path + ": array");
                foreach (var item in a)
                {
                    shape.UnionWith(Shape(item, path + "[]"));
                }

                break;
            case null:
                shape.Add(path + ": null");
                break;
            default:
                var kind = node.GetValueKind();
                shape.Add(path + ": " + (kind is JsonValueKind.True or JsonValueKind.False ? "boolean" : kind.ToString().ToLowerInvariant()));
                break;
        }

        return shape;
    }
}
