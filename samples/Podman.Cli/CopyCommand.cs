using System.CommandLine;
using System.Formats.Tar;
using Podman.Client;

namespace Podman.Cli;

/// <summary>
/// <c>cp CONTAINER:PATH LOCAL</c> and <c>cp LOCAL CONTAINER:PATH</c>. io.podman 1.9 has no copy method, so the
/// files travel as a tar stream through an exec session in the (running) container: <c>tar -c</c> there, its
/// output read here; or a tar written here to the standard input of <c>tar -x</c> there. The container needs a
/// <c>tar</c> (busybox's will do). As <c>podman cp</c>: into an existing directory the copy keeps its name,
/// otherwise it takes the destination's; <c>-</c> on the local side is the tar stream itself (stdout or stdin).
/// </summary>
internal static class CopyCommand
{
    private const int StdinBuffer = 64 * 1024;

    // GNU long names, which busybox's tar reads too (ustar stops at 255 characters).
    private const TarEntryFormat Format = TarEntryFormat.Gnu;

    public static Command Build()
    {
        var source = new Argument<string>("SOURCE") { Description = "CONTAINER:PATH, or a local path (- : a tar stream on stdin)" };
        var destination = new Argument<string>("DESTINATION") { Description = "CONTAINER:PATH, or a local path (- : the tar stream on stdout)" };
        var command = Verb.Create("cp", "Copy files between a running container and here (through tar in the container)", source, destination);
        command.Validators.Add(result =>
        {
            if (result.GetValue(source) is { } from && result.GetValue(destination) is { } to)
            {
                try
                {
                    CopyLocation.ParsePair(from, to);
                }
                catch (UsageException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            (CopyLocation from, CopyLocation to) = CopyLocation.ParsePair(parse.GetRequiredValue(source), parse.GetRequiredValue(destination));
            if (from.IsLocal)
            {
                await CopyInAsync(podman, from.Path, to.Container!, to.Path, token);
            }
            else
            {
                await CopyOutAsync(podman, from.Container!, from.Path, to.Path, token);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task CopyOutAsync(PodmanClient podman, string container, string path, string local, CancellationToken cancellationToken)
    {
        (string directory, string name) = CopyLocation.Split(path);
        string? root = local == "-" ? null : LocalRoot(local, name);
        await using ContainerSession session = await ExecTarAsync(podman, container, ["tar", "-c", "-f", "-", "-C", directory, Safe(name)], cancellationToken);
        await session.CloseStdinAsync(cancellationToken);
        Task<string> errors = ReadTextAsync(session.Stderr, cancellationToken);
        EndOfStreamException? cut = null;
        if (root is null)
        {
            await using Stream stdout = Console.OpenStandardOutput();
            await session.Stdout.CopyToAsync(stdout, cancellationToken);
        }
        else
        {
            try
            {
                await ExtractAsync(session.Stdout, root, cancellationToken);
            }
            catch (EndOfStreamException e)
            {
                cut = e;   // no archive, or half of one: tar's own failure, when it failed, says more
            }

            await session.Stdout.CopyToAsync(Stream.Null, cancellationToken);   // tar's end blocks
        }

        await CheckAsync(session, errors, $"{container}:{path}", cancellationToken);
        if (cut is not null)
        {
            throw new UsageException($"cp {container}:{path}: the archive from the container ended early ({cut.Message})");
        }
    }

    private static async Task CopyInAsync(PodmanClient podman, string local, string container, string path, CancellationToken cancellationToken)
    {
        bool intoDirectory = await RunAsync(podman, container, ["test", "-d", path], cancellationToken) == 0;
        string directory;
        string name;
        if (intoDirectory)
        {
            (directory, name) = (path, LocalName(local));
        }
        else if (local == "-")
        {
            throw new UsageException($"cp - {container}:{path}: a tar stream goes into a directory, and {path} is not one");
        }
        else
        {
            (directory, name) = CopyLocation.Split(path);
        }

        if (local != "-" && !File.Exists(local) && !Directory.Exists(local))
        {
            throw new UsageException($"cp: {local}: no such file or directory");
        }

        await using ContainerSession session = await ExecTarAsync(podman, container, ["tar", "-x", "-f", "-", "-C", directory], cancellationToken);
        Task<string> errors = ReadTextAsync(session.Stderr, cancellationToken);
        Task output = session.Stdout.CopyToAsync(Stream.Null, cancellationToken);
        await using (var stdin = new BufferedStream(session.Stdin, StdinBuffer))
        {
            if (local == "-")
            {
                await using Stream input = Console.OpenStandardInput();
                await input.CopyToAsync(stdin, cancellationToken);
            }
            else
            {
                await PackAsync(local, name, stdin, cancellationToken);
            }

            await stdin.FlushAsync(cancellationToken);
        }

        await session.CloseStdinAsync(cancellationToken);
        await output;
        await CheckAsync(session, errors, $"{container}:{path}", cancellationToken);
    }

    // Where the copied file or directory lands here: in an existing directory under its own name, else as the path given.
    private static string LocalRoot(string local, string name)
    {
        if (Directory.Exists(local))
        {
            return name == "." ? local : Path.Combine(local, name);
        }

        string? parent = Path.GetDirectoryName(Path.GetFullPath(local));
        return parent is null || Directory.Exists(parent) ? local : throw new UsageException($"cp: {parent}: no such directory");
    }

    private static string LocalName(string local) => local == "-" ? "." : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(local)));

    // A name that tar would take for an option is given as ./NAME.
    private static string Safe(string name) => name.StartsWith('-') ? "./" + name : name;

    private static async Task PackAsync(string local, string name, Stream destination, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(destination, Format, leaveOpen: true);
        await tar.WriteEntryAsync(local, name, cancellationToken);
        if (Directory.Exists(local) && !File.GetAttributes(local).HasFlag(FileAttributes.ReparsePoint))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            foreach (string entry in Directory.EnumerateFileSystemEntries(local, "*", options).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(local, entry).Replace(Path.DirectorySeparatorChar, '/');
                await tar.WriteEntryAsync(entry, name + "/" + relative, cancellationToken);
            }
        }
    }

    /// <summary>Unpacks a tar whose first name component is the copied file or directory into <paramref name="root"/>.</summary>
    internal static async Task ExtractAsync(Stream archive, string root, CancellationToken cancellationToken)
    {
        await using var tar = new TarReader(archive, leaveOpen: true);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            string target = Target(root, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                    await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    File.Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.HardLink when File.Exists(Target(root, entry.LinkName)):
                    File.Copy(Target(root, entry.LinkName), target, overwrite: true);
                    break;
                default:
                    break;   // devices and FIFOs are not made here
            }
        }
    }

    // The entry's path under root: its first component is the copied item itself; names that climb out are refused.
    private static string Target(string root, string entryName)
    {
        string[] parts = [.. entryName.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".")];
        if (parts.Contains(".."))
        {
            throw new InvalidDataException($"cp: the container's tar names '{entryName}', outside the copied path");
        }

        return parts.Length <= 1 ? root : Path.Combine([root, .. parts[1..]]);
    }

    // A tar that is missing is said as such, whether exec or the exit code tells.
    private static async Task<ContainerSession> ExecTarAsync(PodmanClient podman, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        try
        {
            return await podman.Containers.ExecAsync(container, new ExecParameters { Command = command }, cancellationToken);
        }
        catch (PodmanRemoteException e) when (CommandNotRunnableException.From(e) is not null)
        {
            throw NoTar($"{container}");
        }
    }

    private static UsageException NoTar(string what) => new($"cp {what}: the container has no tar, which cp needs (io.podman 1.9 has no copy method)");

    private static async Task<int> RunAsync(PodmanClient podman, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        await using ContainerSession session = await podman.Containers.ExecAsync(container, new ExecParameters { Command = command }, cancellationToken);
        await session.CloseStdinAsync(cancellationToken);
        return (await session.ReadToEndAsync(cancellationToken)).ExitCode;
    }

    private static async Task CheckAsync(ContainerSession session, Task<string> errors, string what, CancellationToken cancellationToken)
    {
        int code = await session.ExitCode.WaitAsync(cancellationToken);
        string said = (await errors).Trim();
        if (code == ExitCodes.CommandNotFound || said.Contains("executable file not found", StringComparison.Ordinal))
        {
            throw NoTar(what);
        }

        if (code != 0)
        {
            throw new UsageException($"cp {what}: tar in the container exited {code}{(said.Length > 0 ? ": " + said.ReplaceLineEndings(" ") : string.Empty)}");
        }
    }

    private static async Task<string> ReadTextAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
