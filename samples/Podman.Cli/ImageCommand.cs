using System.CommandLine;
using System.Formats.Tar;
using System.Text.Json.Nodes;
using Podman.Client;

namespace Podman.Cli;

/// <summary>
/// The image verbs: <c>images</c>, <c>pull</c> (live progress per layer), <c>push</c>, <c>tag</c>, <c>rmi</c>,
/// <c>build</c>, <c>save</c>, <c>load</c>, <c>import</c>. Files move as podman-remote moved them: sent to the
/// machine with SendFile (load, import, build's context) or fetched with ReceiveFile (save, export).
/// </summary>
internal static class ImageCommand
{
    private static readonly Column[] ImageColumns =
    [
        new("REPOSITORY", "Repository"), new("TAG", "Tag"), new("IMAGE ID", "ID"), new("CREATED", "Created"), new("SIZE", "Size"),
    ];

    public static IEnumerable<Command> Build() => [BuildImages(), BuildPull(), BuildPush(), BuildTag(), BuildRemove(), BuildBuild(), BuildSave(), BuildLoad(), BuildImport()];

    /// <summary>Pulls <paramref name="image"/> (with progress on standard error) unless it is here and the policy is "missing".</summary>
    public static async Task EnsureImageAsync(ParseResult parse, PodmanClient podman, string image, string policy, CancellationToken cancellationToken)
    {
        if (policy == "never" || (policy == "missing" && await podman.Images.ExistsAsync(image, cancellationToken)))
        {
            return;
        }

        await PullProgress.RunAsync(podman.Images.PullAsync(image, cancellationToken: cancellationToken), parse.InvocationConfiguration.Error, quiet: false, cancellationToken);
    }

    private static Command BuildImages()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Full IDs" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Filters: dangling=true, label=KEY=VALUE, reference=NAME, before=IMAGE, since=IMAGE" };
        var format = Listing.FormatOption();
        var command = Verb.Create("images", "List images", quiet, noTrunc, filter, format);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            IReadOnlyList<ImageSummary> images = await podman.Images.ListAsync(parse.GetValue(filter) is { Length: > 0 } f ? f : null, token);
            string? shape = parse.GetValue(format);
            bool full = parse.GetValue(noTrunc) || shape == "json";
            var now = DateTimeOffset.UtcNow;
            List<JsonObject> rows = [.. images.OrderByDescending(i => i.Created).SelectMany(i => Rows(i, now, full))];
            if (parse.GetValue(quiet))
            {
                foreach (string id in rows.Select(r => (string)r["ID"]!).Distinct(StringComparer.Ordinal))
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync(id);
                }

                return ExitCodes.Success;
            }

            await Listing.WriteAsync(parse, shape, rows, ImageColumns);
            return ExitCodes.Success;
        }));
        return command;
    }

    // One row per name the image has, as podman lists them; an image without one is <none>:<none>.
    private static IEnumerable<JsonObject> Rows(ImageSummary image, DateTimeOffset now, bool fullId)
    {
        string id = image.Id.Replace("sha256:", string.Empty, StringComparison.Ordinal);
        IEnumerable<string> names = image.RepoTags.Count > 0 ? image.RepoTags : ["<none>:<none>"];
        foreach (string name in names)
        {
            int colon = name.LastIndexOf(':');
            bool tagged = colon > name.LastIndexOf('/');
            yield return new JsonObject
            {
                ["Repository"] = tagged ? name[..colon] : name,
                ["Tag"] = tagged ? name[(colon + 1)..] : "<none>",
                ["ID"] = fullId ? id : ContainerCommand.Short(id),
                ["Digest"] = image.Digest,
                ["Created"] = Human.Ago(image.Created, now),
                ["CreatedAt"] = Human.Timestamp(image.Created),
                ["Size"] = Human.Size(image.Size),
                ["VirtualSize"] = image.VirtualSize,
                ["Containers"] = image.Containers,
                ["Labels"] = ContainerCommand.Map(image.Labels),
                ["Names"] = new JsonArray([.. image.RepoTags.Select(t => (JsonNode?)t)]),
            };
        }
    }

    private static Command BuildPull()
    {
        var image = Verb.Name("IMAGE", "The image: [REGISTRY/]NAME[:TAG]");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress, only the image ID" };
        var creds = new Option<string?>("--creds") { Description = "USER:PASSWORD for the registry" };
        var command = Verb.Create("pull", "Pull an image from a registry (progress per layer on a terminal); prints its ID", quiet, creds, image);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string id = await PullProgress.RunAsync(
                podman.Images.PullAsync(parse.GetRequiredValue(image), Credentials(parse.GetValue(creds)), token), parse.InvocationConfiguration.Error, parse.GetValue(quiet), token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static RegistryCredentials? Credentials(string? text)
    {
        if (text is null)
        {
            return null;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? new RegistryCredentials(text[..colon], text[(colon + 1)..]) : throw new UsageException("--creds is USER:PASSWORD");
    }

    private static Command BuildPush()
    {
        var image = Verb.Name("IMAGE", "The image");
        var destination = new Argument<string?>("DESTINATION") { Description = "Where to push (default: the image's name): [docker://]REGISTRY/NAME[:TAG]", Arity = ArgumentArity.ZeroOrOne };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress" };
        var format = new Option<string?>("--format") { Description = "The manifest type: oci, v2s1 or v2s2" };
        var command = Verb.Create("push", "Push an image to a registry", quiet, format, image, destination);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var parameters = new ImagePushParameters { Destination = parse.GetValue(destination), Format = parse.GetValue(format) };
            await PullProgress.RunAsync(podman.Images.PushAsync(parse.GetRequiredValue(image), parameters, token), parse.InvocationConfiguration.Error, parse.GetValue(quiet), token);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildTag()
    {
        var image = Verb.Name("IMAGE", "The image");
        var names = Verb.Names("NAME", "The new names: [REGISTRY/]NAME[:TAG]");
        var command = Verb.Create("tag", "Give an image more names", image, names);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            foreach (string name in parse.GetRequiredValue(names))
            {
                await podman.Images.TagAsync(parse.GetRequiredValue(image), name, token);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildRemove()
    {
        var images = Verb.Names("IMAGE", "The images");
        var force = new Option<bool>("--force", "-f") { Description = "Remove the images' containers too" };
        var command = Verb.Create("rmi", "Remove images; prints what was untagged and deleted. Exit 1: one did not exist; 2: one is in use", force, images);
        command.SetAction(Verb.WithClient((parse, podman, token) =>
            ContainerCommand.EachAsync(parse, parse.GetRequiredValue(images), async name =>
            {
                ImageRemoveResult result = await podman.Images.RemoveAsync(name, parse.GetValue(force), token);
                IEnumerable<string> lines = result.Untagged.Select(u => "Untagged: " + u);
                return string.Join('\n', result.Deleted.Length > 0 ? lines.Append("Deleted: " + result.Deleted.Replace("sha256:", string.Empty, StringComparison.Ordinal)) : lines);
            }, removeCodes: true)));
        return command;
    }

    private static Command BuildBuild()
    {
        var context = new Argument<string>("CONTEXT") { Description = "The build context: a directory here (sent to the machine as a tar)", DefaultValueFactory = _ => "." };
        var file = new Option<string[]>("--file", "-f") { Description = "The Containerfile, relative to the context (default: Containerfile, else Dockerfile)" };
        var tag = new Option<string[]>("--tag", "-t") { Description = "Name the image" };
        var buildArg = new Option<string[]>("--build-arg") { Description = "KEY=VALUE build argument" };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use cached layers" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the image ID" };
        var target = new Option<string?>("--target") { Description = "The stage to build" };
        var command = Verb.Create("build", "Build an image from a Containerfile and a context directory (output as it comes); prints the image ID", file, tag, buildArg, noCache, quiet, target, context);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string directory = Path.GetFullPath(parse.GetRequiredValue(context));
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"CONTEXT {directory} is not a directory");
            }

            string remote = await SendAsync(podman, async stream => await TarFile.CreateFromDirectoryAsync(directory, stream, includeBaseDirectory: false, token), token);
            var parameters = new ImageBuildParameters
            {
                ContextDirectory = remote,
                Containerfiles = parse.GetValue(file) ?? [],
                Tags = parse.GetValue(tag) ?? [],
                BuildArgs = Verb.Pairs(parse.GetValue(buildArg) ?? [], "--build-arg"),
                NoCache = parse.GetValue(noCache),
                Quiet = parse.GetValue(quiet),
                Target = parse.GetValue(target),
            };
            string id = await PullProgress.RunAsync(podman.Images.BuildAsync(parameters, token), parse.InvocationConfiguration.Output, parse.GetValue(quiet), token);
            if (parse.GetValue(quiet))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildSave()
    {
        var image = Verb.Name("IMAGE", "The image");
        var output = new Option<string>("--output", "-o") { Description = "The archive file here", Required = true };
        var format = Cli.OneOf(new Option<string>("--format") { Description = "docker-archive (default), oci-archive, oci-dir or docker-dir", DefaultValueFactory = _ => "docker-archive" }, "docker-archive", "oci-archive", "oci-dir", "docker-dir");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress" };
        var command = Verb.Create("save", "Save an image to an archive file here", output, format, quiet, image);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            var parameters = new ImageSaveParameters { Output = parse.GetRequiredValue(output), Format = parse.GetRequiredValue(format), Quiet = parse.GetValue(quiet) };
            string remote = await PullProgress.RunAsync(podman.Images.SaveAsync(parse.GetRequiredValue(image), parameters, token), parse.InvocationConfiguration.Error, parse.GetValue(quiet), token);
            await ReceiveAsync(podman, remote, parse.GetRequiredValue(output), token);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildLoad()
    {
        var input = new Option<string>("--input", "-i") { Description = "The archive file here", Required = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress" };
        var name = new Argument<string?>("NAME") { Description = "Name the loaded image", Arity = ArgumentArity.ZeroOrOne };
        var command = Verb.Create("load", "Load an image from an archive file here (docker-archive, oci-archive); prints its names", input, quiet, name);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string file = parse.GetRequiredValue(input);
            string remote = await SendFileAsync(podman, file, token);
            string loaded = await PullProgress.RunAsync(podman.Images.LoadAsync(remote, parse.GetValue(name), parse.GetValue(quiet), deleteFile: true, token), parse.InvocationConfiguration.Error, parse.GetValue(quiet), token);
            await parse.InvocationConfiguration.Output.WriteLineAsync("Loaded image(s): " + loaded);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command BuildImport()
    {
        var file = Verb.Name("FILE", "A tar of a root filesystem, here");
        var reference = new Argument<string?>("REFERENCE") { Description = "Name the image", Arity = ArgumentArity.ZeroOrOne };
        var change = new Option<string[]>("--change", "-c") { Description = "A Containerfile instruction to apply: CMD=/bin/sh, ENV=A=b, WORKDIR=/x" };
        var message = new Option<string?>("--message", "-m") { Description = "The commit message" };
        var command = Verb.Create("import", "Make an image from a root filesystem tar here; prints its ID", change, message, file, reference);
        command.SetAction(Verb.WithClient(async (parse, podman, token) =>
        {
            string remote = await SendFileAsync(podman, parse.GetRequiredValue(file), token);
            string id = await podman.Images.ImportAsync(remote, parse.GetValue(reference) ?? string.Empty, parse.GetValue(message), parse.GetValue(change), deleteSource: true, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync(id);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Sends a local file to the machine; returns its path there.</summary>
    internal static async Task<string> SendFileAsync(PodmanClient podman, string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"{file}: no such file");
        }

        await using FileStream stream = File.OpenRead(file);
        return await podman.System.SendFileAsync(stream, stream.Length, cancellationToken: cancellationToken);
    }

    // Writes content to a temporary file first: SendFile needs the length up front.
    private static async Task<string> SendAsync(PodmanClient podman, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        string temp = Path.GetTempFileName();
        try
        {
            await using (FileStream output = File.Create(temp))
            {
                await write(output);
            }

            return await SendFileAsync(podman, temp, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Fetches a file the service wrote in the machine into <paramref name="localPath"/>, deleting it there.</summary>
    internal static async Task ReceiveAsync(PodmanClient podman, string remotePath, string localPath, CancellationToken cancellationToken)
    {
        string partial = localPath + ".partial";
        try
        {
            await using (FileStream output = File.Create(partial))
            {
                await podman.System.ReceiveFileAsync(remotePath, output, delete: true, cancellationToken);
            }

            File.Move(partial, localPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
