namespace Podman.Cli;

/// <summary>
/// One side of <c>cp</c>: a local path (<see cref="Container"/> null; <c>-</c> is a tar stream on stdin or
/// stdout), or <c>CONTAINER:PATH</c>. A word is local when it has no colon, starts with <c>/</c> or <c>.</c>,
/// or has a slash before its first colon (<c>./a:b</c>, <c>dir/a:b</c>), as the container name cannot hold one.
/// </summary>
internal sealed record CopyLocation(string? Container, string Path)
{
    public bool IsLocal => Container is null;

    public static CopyLocation Parse(string word)
    {
        int colon = word.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || word.StartsWith('/') || word.StartsWith('.') || word[..colon].Contains('/', StringComparison.Ordinal))
        {
            return word.Length > 0 ? new(null, word) : throw new UsageException("cp: an empty path");
        }

        if (colon == 0)
        {
            throw new UsageException($"cp '{word}': no container before the colon");
        }

        string path = word[(colon + 1)..];
        return path.Length > 0 ? new(word[..colon], path) : throw new UsageException($"cp '{word}': no path in the container after the colon");
    }

    /// <summary>Both sides of <c>cp SOURCE DESTINATION</c>: exactly one of them in a container.</summary>
    public static (CopyLocation Source, CopyLocation Destination) ParsePair(string source, string destination)
    {
        CopyLocation from = Parse(source);
        CopyLocation to = Parse(destination);
        if (from.IsLocal == to.IsLocal)
        {
            throw new UsageException(from.IsLocal
                ? "cp: one of SOURCE and DESTINATION must be CONTAINER:PATH"
                : "cp: copying from one container to another is not supported: one side must be a local path");
        }

        if (from.Path == "-" && to.IsLocal)
        {
            throw new UsageException("cp: '-' (a tar stream) is a local side only");
        }

        return (from, to);
    }

    /// <summary>
    /// A container path as tar sees it: the directory to change to and the name in it (<c>/etc/passwd</c> →
    /// <c>/etc</c>, <c>passwd</c>; <c>/</c> → <c>/</c>, <c>.</c>; a relative path is the exec's working directory's).
    /// </summary>
    public static (string Directory, string Name) Split(string path)
    {
        string trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (trimmed.Length == 0 || trimmed == "/")
        {
            return ("/", ".");
        }

        int slash = trimmed.LastIndexOf('/');
        return slash switch
        {
            < 0 => (".", trimmed),
            0 => ("/", trimmed[1..]),
            _ => (trimmed[..slash], trimmed[(slash + 1)..]),
        };
    }
}
