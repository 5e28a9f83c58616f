using System.Text;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// PullImage and PushImage: libpod's progress stream passed on as it comes, one MoreResponse per line
/// with <c>more</c> (all lines in the one reply without it), the image's ID in the final reply.
/// </summary>
/// <remarks>
/// A registry podman's registries configuration marks insecure is reached with <c>tlsVerify=false</c>
/// on the REST call (1.9 read the same list); every other registry keeps TLS verification.
/// </remarks>
internal sealed partial class PodmanService
{
    /// <summary>Pulls <paramref name="name"/> when it is not in storage yet (1.9's policy), with <paramref name="creds"/> when given.</summary>
    protected override async ValueTask PullImageAsync(string name, AuthConfig creds, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ErrorOccurredException("name: an image reference is needed to pull");
            }

            var reference = name.StartsWith("docker://", StringComparison.Ordinal) ? name["docker://".Length..] : name;
            var tlsVerify = await TlsVerifyForAsync(reference, cancellationToken).ConfigureAwait(false);
            var lines = _libpod.PullImageAsync(reference, "missing", tlsVerify, Auth(creds), cancellationToken);
            await RelayProgressAsync(lines, replies, () => $"unable to pull {name}", finalId: null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone: the REST stream is closed with it.
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw e is LibpodException ? new ErrorOccurredException($"unable to pull {name}: {e.Message}") : Failure(e);
        }
    }

    /// <summary>
    /// Pushes the image <paramref name="name"/> to <paramref name="tag"/> (or to its own name when that is
    /// empty) in <paramref name="format"/> (oci, v2s1, v2s2 or docker). podman 4.3's REST API cannot sign,
    /// so a <paramref name="signBy"/> is refused; <paramref name="compress"/> has no 4.3 counterpart (layers are always compressed).
    /// </summary>
    protected override async ValueTask PushImageAsync(string name, string tag, bool compress, string format, bool removeSignatures, string signBy, VarlinkReplyWriter<MoreResponse> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (!string.IsNullOrEmpty(signBy))
            {
                throw new ErrorOccurredException("signBy: signing while pushing is not available: podman 4.3's API service has no sign-by (push unsigned, or sign in the VM with `podman push --sign-by`)");
            }

            var manifest = format switch
            {
                "" or null => null,
                "oci" or "v2s1" or "v2s2" => format,
                "docker" => "v2s2",
                _ => throw new ErrorOccurredException($"unknown format \"{format}\". Choose one of the supported formats: 'oci', 'v2s1', or 'v2s2'"),
            };
            var (inspect, _) = await InspectImageOrNotFoundAsync(name, cancellationToken).ConfigureAwait(false);
            var destination = string.IsNullOrEmpty(tag) ? name : tag;
            var tlsVerify = await TlsVerifyForAsync(destination, cancellationToken).ConfigureAwait(false);
            var lines = _libpod.PushImageAsync(name, destination, manifest, removeSignatures, tlsVerify, null, cancellationToken);
            await RelayProgressAsync(lines, replies, () => $"unable to push {name} to {destination}", inspect.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw e is LibpodException ? new ErrorOccurredException($"unable to push {name}: {e.Message}") : Failure(e);
        }
    }

    /// <summary>
    /// Sends each progress line as it arrives (with <c>more</c>) or gathers them for the one reply; an
    /// <c>error</c> line is ErrorOccurred; the final reply carries the image ID (the pull's <c>id</c>
    /// line, or <paramref name="finalId"/> for a push, whose stream has none).
    /// </summary>
    private static async Task RelayProgressAsync(IAsyncEnumerable<LibpodPullLine> lines, VarlinkReplyWriter<MoreResponse> replies, Func<string> failure, string? finalId, CancellationToken cancellationToken)
    {
        List<string> gathered = [];
        var id = finalId;
        await foreach (var line in lines.ConfigureAwait(false))
        {
            if (line.Error.Length > 0)
            {
                throw new ErrorOccurredException($"{failure()}: {line.Error}");
            }

            if (line.Stream.Length > 0)
            {
                if (replies.WantsMore)
                {
                    await replies.WriteAsync(new MoreResponse { Logs = [line.Stream], Id = "" }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    gathered.Add(line.Stream);
                }
            }

            if (line.Id.Length > 0)
            {
                id = line.Id;
            }
        }

        if (id is null)
        {
            throw new ErrorOccurredException($"{failure()}: podman's API service ended the stream without a result");
        }

        await replies.WriteAsync(new MoreResponse { Logs = gathered, Id = id }, last: true, cancellationToken).ConfigureAwait(false);
    }

    private static LibpodRegistryAuth? Auth(AuthConfig? creds)
        => creds is null || (string.IsNullOrEmpty(creds.Username) && string.IsNullOrEmpty(creds.Password))
            ? null
            : new LibpodRegistryAuth { Username = creds.Username ?? "", Password = creds.Password ?? "" };

    /// <summary>
    /// <c>false</c> when the reference's registry is one podman's registries configuration marks
    /// insecure (so the REST call says <c>tlsVerify=false</c>); otherwise null: libpod's default, verified TLS.
    /// </summary>
    private async Task<bool?> TlsVerifyForAsync(string reference, CancellationToken cancellationToken)
    {
        var registry = RegistryOf(reference);
        if (registry is null)
        {
            return null;
        }

        var (_, insecure, _) = Registries((await _libpod.GetInfoAsync(cancellationToken).ConfigureAwait(false)).Registries);
        return insecure.Any(i => i == registry || reference.StartsWith(i + "/", StringComparison.Ordinal)) ? false : null;
    }

    /// <summary>The registry part of a reference (<c>host[:port]</c> before the first <c>/</c>, when it looks like one), else null.</summary>
    internal static string? RegistryOf(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var first = reference[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : null;
    }
}
