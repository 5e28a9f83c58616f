using System.Text;
using System.Text.Json;

namespace Podman.Server.Service;

/// <summary>
/// The layer map of 1.9's <c>image.GetLayersMapWithImageInfo</c>, built from containers/storage's own
/// files (podman 4.3's REST API has no layer endpoint): <c>&lt;driver&gt;-layers/layers.json</c> (and
/// <c>volatile-layers.json</c>, container layers of <c>--volatile</c> stores) for ID, parent and
/// uncompressed size, <c>&lt;driver&gt;-images/images.json</c> for the names on each top layer.
/// </summary>
internal sealed class StorageLayers
{
    /// <summary>One layer, with the Go field names 1.9 marshalled (<c>ID, ParentID, ChildID, RepoTags, Size</c>).</summary>
    internal sealed class Layer(string id, string parentId, long size)
    {
        public string Id { get; } = id;

        public string ParentId { get; } = parentId;

        public List<string>? ChildIds { get; set; }

        public List<string>? RepoTags { get; set; }

        public long Size { get; } = size;
    }

    private StorageLayers(SortedDictionary<string, Layer> layers) => Layers = layers;

    /// <summary>Every layer by ID, plus the empty entry 1.9 added under "".</summary>
    public SortedDictionary<string, Layer> Layers { get; }

    /// <summary>Reads the store at <paramref name="graphRoot"/> of driver <paramref name="driver"/>.</summary>
    public static StorageLayers Read(string graphRoot, string driver)
    {
        var layers = new SortedDictionary<string, Layer>(StringComparer.Ordinal);
        var layerDir = Path.Combine(graphRoot, driver + "-layers");
        List<(string Id, string Parent)> order = [];
        foreach (var file in new[] { "layers.json", "volatile-layers.json" })
        {
            foreach (var entry in ReadArray(Path.Combine(layerDir, file)))
            {
                var id = Text(entry, "id");
                var parent = Text(entry, "parent");
                var size = entry.TryGetProperty("diff-size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0;
                if (!layers.TryAdd(id, new Layer(id, parent, size)))
                {
                    throw new InvalidOperationException($"detected multiple layers with the same ID \"{id}\"");
                }

                order.Add((id, parent));
            }
        }

        foreach (var (id, parent) in order)
        {
            if (parent.Length > 0 && layers.TryGetValue(parent, out var up))
            {
                (up.ChildIds ??= []).Add(id);
            }
        }

        layers[""] = new Layer("", "", 0);
        foreach (var image in ReadArray(Path.Combine(graphRoot, driver + "-images", "images.json")))
        {
            var top = Text(image, "layer");
            if (!layers.TryGetValue(top, out var layer))
            {
                throw new InvalidOperationException($"top-layer for image {Text(image, "id")} not found local store");
            }

            if (image.TryGetProperty("names", out var names) && names.ValueKind == JsonValueKind.Array)
            {
                layer.RepoTags ??= [];
                layer.RepoTags.AddRange(names.EnumerateArray().Select(n => n.GetString() ?? ""));
            }
        }

        return new StorageLayers(layers);
    }

    /// <summary>The map as 1.9's JSON (keys sorted, as Go writes maps).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, layer) in Layers)
            {
                writer.WritePropertyName(key);
                Write(writer, layer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// 1.9's <c>InfoImage</c> of one image: <c>{ID, Tags, Layers}</c>, the layers from the base up to
    /// <paramref name="topLayer"/>.
    /// </summary>
    public string HierarchyJson(string imageId, IReadOnlyList<string>? tags, string topLayer)
    {
        List<Layer> chain = [];
        for (var id = topLayer; id.Length > 0 && chain.Count <= Layers.Count;)
        {
            if (!Layers.TryGetValue(id, out var layer))
            {
                throw new InvalidOperationException($"lookup error: layerid  {id} not found");
            }

            chain.Add(layer);
            id = layer.ParentId;
        }

        chain.Reverse();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ID", imageId);
            WriteList(writer, "Tags", tags);
            if (chain.Count == 0)
            {
                writer.WriteNull("Layers");
            }
            else
            {
                writer.WriteStartArray("Layers");
                foreach (var layer in chain)
                {
                    Write(writer, layer);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, Layer layer)
    {
        writer.WriteStartObject();
        writer.WriteString("ID", layer.Id);
        writer.WriteString("ParentID", layer.ParentId);
        WriteList(writer, "ChildID", layer.ChildIds);
        WriteList(writer, "RepoTags", layer.RepoTags);
        writer.WriteNumber("Size", layer.Size);
        writer.WriteEndObject();
    }

    /// <summary>A Go slice: <c>null</c> when nil.</summary>
    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static List<JsonElement> ReadArray(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray().Select(e => e.Clone())] : [];
    }

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
