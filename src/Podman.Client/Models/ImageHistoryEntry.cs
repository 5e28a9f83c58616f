namespace Podman.Client;

/// <summary>One layer of an image's history.</summary>
/// <param name="Id">Layer image id (<c>&lt;missing&gt;</c> for intermediate layers).</param>
/// <param name="Created">When it was made.</param>
/// <param name="CreatedBy">The instruction that made it.</param>
/// <param name="Tags">Tags of that layer's image.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Comment">Comment.</param>
public sealed record ImageHistoryEntry(string Id, DateTimeOffset? Created, string CreatedBy, IReadOnlyList<string> Tags, long Size, string Comment);
