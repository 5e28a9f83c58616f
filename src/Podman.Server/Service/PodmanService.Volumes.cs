using System.Text;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>Volumes: VolumeCreate, VolumeRemove, GetVolumes, InspectVolume, VolumesPrune.</summary>
internal sealed partial class PodmanService
{
    /// <summary>Creates a volume (libpod names it when <c>volumeName</c> is empty); returns its name.</summary>
    protected override async ValueTask<string> VolumeCreateAsync(VolumeCreateOpts options, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var created = await _libpod.CreateVolumeAsync(
                new LibpodVolumeCreate
                {
                    Name = options?.VolumeName ?? "",
                    Driver = options?.Driver ?? "",
                    Label = Copy(options?.Labels),
                    Options = Copy(options?.Options),
                },
                cancellationToken).ConfigureAwait(false);
            return created.Name;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// Removes the listed volumes, or every one with <c>all</c>: each removal that fails goes into
    /// <c>failures</c> (name → podman's reason) and the others go on, as in 1.9; only a failed listing is an error.
    /// </summary>
    protected override async ValueTask<VolumeRemoveReply> VolumeRemoveAsync(VolumeRemoveOpts options, VarlinkCall call, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names;
        try
        {
            names = options?.All == true
                ? [.. (await _libpod.VolumesAsync(cancellationToken).ConfigureAwait(false)).Select(v => v.Name)]
                : options?.Volumes ?? [];
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }

        List<string> successes = [];
        Dictionary<string, string> failures = [];
        foreach (var name in names)
        {
            try
            {
                await _libpod.RemoveVolumeAsync(name, options!.Force, cancellationToken).ConfigureAwait(false);
                successes.Add(name);
            }
            catch (Exception e) when (e is LibpodException or HttpRequestException)
            {
                failures[name] = e.Message;
            }
        }

        return new VolumeRemoveReply { Successes = successes, Failures = failures };
    }

    /// <summary>Every volume (<c>all</c>) or the named ones; an unknown name is VolumeNotFound (1.9 dropped the connection there).</summary>
    protected override async ValueTask<IReadOnlyList<Volume>> GetVolumesAsync(IReadOnlyList<string> args, bool all, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (all)
            {
                return [.. (await _libpod.VolumesAsync(cancellationToken).ConfigureAwait(false)).Select(ToVolume)];
            }

            List<Volume> volumes = [];
            foreach (var name in args ?? [])
            {
                try
                {
                    volumes.Add(ToVolume((await _libpod.InspectVolumeAsync(name, cancellationToken).ConfigureAwait(false)).Volume));
                }
                catch (LibpodException e) when (e.IsNotFound)
                {
                    throw new VolumeNotFoundException(name, e.Message);
                }
            }

            return volumes;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>podman's own volume inspect JSON (1.9's keys are all in it); not found is ErrorOccurred, as 1.9.</summary>
    protected override async ValueTask<string> InspectVolumeAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ErrorOccurredException("no volume name given: no such volume");
            }

            return Encoding.UTF8.GetString((await _libpod.InspectVolumeAsync(name, cancellationToken).ConfigureAwait(false)).Json);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>Removes the unused volumes: their names, and the reasons of those that could not go (a failed prune is <c>([], [reason])</c>, as 1.9).</summary>
    protected override async ValueTask<VolumesPruneReply> VolumesPruneAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var reports = await _libpod.PruneVolumesAsync(cancellationToken).ConfigureAwait(false);
            return new VolumesPruneReply
            {
                PrunedNames = [.. reports.Where(r => r.Error is null).Select(r => r.Id)],
                PrunedErrors = [.. reports.Select(r => r.Error).OfType<string>()],
            };
        }
        catch (Exception e) when (e is LibpodException or HttpRequestException)
        {
            return new VolumesPruneReply { PrunedNames = [], PrunedErrors = [e.Message] };
        }
    }

    internal static Volume ToVolume(LibpodVolume volume) => new()
    {
        Name = volume.Name,
        Labels = Map(volume.Labels),
        MountPoint = volume.Mountpoint,
        Driver = volume.Driver,
        Options = Map(volume.Options),
    };

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? values)
        => values is null ? [] : values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
