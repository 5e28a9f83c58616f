using System.Globalization;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// BuildImage: the context is the tar SendFile left in the VM (<c>contextDir</c>); it streams to
/// libpod's build endpoint as the body, and the build's output comes back one MoreResponse per line;
/// the final reply carries the image's ID. The tar is deleted afterwards, as 1.9 did.
/// </summary>
internal sealed partial class PodmanService
{
    protected override async ValueTask BuildImageAsync(BuildInfo build, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        var context = build.ContextDir ?? "";
        try
        {
            if (!call.WantsMore)
            {
                throw new ErrorOccurredException("endpoint requires a more connection");
            }

            TransferFiles.EnsureReadable(context, "contextDir");
            var query = BuildQuery(build);
            string? id = null;
            await using (var tar = OpenArchive(context))
            {
                await foreach (var line in _libpod.BuildAsync(query, tar, cancellationToken).ConfigureAwait(false))
                {
                    if (line.Error.Length > 0)
                    {
                        throw new ErrorOccurredException(line.Error.TrimEnd('\n'));
                    }

                    if (line.Stream.Length == 0)
                    {
                        continue;
                    }

                    if (IsImageId(line.Stream.Trim()))
                    {
                        id = line.Stream.Trim();
                    }

                    await replies.WriteAsync(new MoreResponse { Logs = [line.Stream], Id = "" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            if (id is null)
            {
                throw new ErrorOccurredException("podman's API service ended the build without an image ID");
            }

            await replies.WriteAsync(new MoreResponse { Logs = [], Id = id }, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone: the REST call is aborted with it.
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
        finally
        {
            if (call.WantsMore && context.Length > 0)
            {
                TransferFiles.TryDelete(context);
            }
        }
    }

    private static bool IsImageId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>BuildInfo → the query of POST /libpod/build (the reference's §4 mapping).</summary>
    internal static string BuildQuery(BuildInfo build)
    {
        var query = new LibpodQuery("");
        List<string> tags = [.. new[] { build.Output ?? "" }.Where(t => t.Length > 0), .. build.AdditionalTags ?? []];
        query.AddEach("t", tags);
        var files = (build.Dockerfiles ?? []).Select(f => f.Contains("://", StringComparison.Ordinal) ? f : Path.GetFileName(f)).ToList();
        if (files.Count == 1)
        {
            query.Add("dockerfile", files[0]);
        }
        else if (files.Count > 1)
        {
            query.Add("dockerfile", JsonSerializer.Serialize(files, LibpodJsonContext.Default.ListString));
        }

        query.Add("layers", build.Layers).Add("nocache", build.Nocache).Add("squash", build.Squash).Add("q", build.Quiet)
            .Add("forcerm", build.ForceRmIntermediateCtrs).Add("rm", build.RemoteIntermediateCtrs);
        AddNonEmpty(query, "target", build.Target);
        AddNonEmpty(query, "outputformat", build.OutputFormat);
        var policy = (build.PullPolicy ?? "").ToUpperInvariant() switch
        {
            "" => null,
            "PULLIFMISSING" or "MISSING" => "missing",
            "PULLALWAYS" or "ALWAYS" => "always",
            "PULLNEVER" or "NEVER" => "never",
            "PULLIFNEWER" or "NEWER" => "newer",
            _ => throw new ErrorOccurredException($"pullPolicy: unknown pull policy \"{build.PullPolicy}\" (PullIfMissing, PullAlways or PullNever)"),
        };
        query.Add("pullpolicy", policy);
        if (build.BuildArgs is { Count: > 0 } args)
        {
            query.Add("buildargs", JsonSerializer.Serialize(new Dictionary<string, string>(args), LibpodJsonContext.Default.DictionaryStringString));
        }

        AddJsonList(query, "labels", build.Label);
        AddJsonList(query, "annotations", build.Annotations);
        AddJsonList(query, "addcaps", build.AddCapabilities);
        AddJsonList(query, "dropcaps", build.DropCapabilities);
        AddJsonList(query, "devices", build.Devices);
        if (!string.IsNullOrEmpty(build.Os) || !string.IsNullOrEmpty(build.Architecture))
        {
            query.Add("platform", $"{(string.IsNullOrEmpty(build.Os) ? "linux" : build.Os)}/{(string.IsNullOrEmpty(build.Architecture) ? "amd64" : build.Architecture)}");
        }

        if (build.BuildOptions is { } options)
        {
            AddPositive(query, "cpuperiod", options.CpuPeriod);
            AddPositive(query, "cpuquota", options.CpuQuota);
            AddPositive(query, "cpushares", options.CpuShares);
            AddNonEmpty(query, "cpusetcpus", options.CpusetCpus);
            AddNonEmpty(query, "cpusetmems", options.CpusetMems);
            AddPositive(query, "memory", options.Memory);
            AddPositive(query, "memswap", options.MemorySwap);
            AddNonEmpty(query, "cgroupparent", options.CgroupParent);
            AddJsonList(query, "extrahosts", options.AddHosts);
            AddJsonList(query, "ulimits", options.Ulimit);
            if (!string.IsNullOrEmpty(options.ShmSize))
            {
                query.Add("shmsize", ParseSize(options.ShmSize, "buildOptions.shmSize"));
            }
        }

        return query.ToString();
    }

    private static void AddNonEmpty(LibpodQuery query, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(key, value);
        }
    }

    private static void AddPositive(LibpodQuery query, string key, long value)
    {
        if (value > 0)
        {
            query.Add(key, value);
        }
    }

    private static void AddJsonList(LibpodQuery query, string key, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            query.Add(key, JsonSerializer.Serialize(values.ToList(), LibpodJsonContext.Default.ListString));
        }
    }

    /// <summary>A size as docker's units read it (<c>64m</c>, <c>1g</c>, <c>512</c>; binary multiples): bytes.</summary>
    internal static long ParseSize(string text, string parameter)
    {
        var trimmed = text.Trim().ToLowerInvariant().TrimEnd('b');
        long multiplier = 1;
        if (trimmed.Length > 0 && "kmgt".Contains(trimmed[^1], StringComparison.Ordinal))
        {
            multiplier = 1L << (10 * ("kmgt".IndexOf(trimmed[^1], StringComparison.Ordinal) + 1));
            trimmed = trimmed[..^1];
        }

        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            throw new ErrorOccurredException($"{parameter}: invalid size: '{text}'");
        }

        return (long)(number * multiplier);
    }
}
