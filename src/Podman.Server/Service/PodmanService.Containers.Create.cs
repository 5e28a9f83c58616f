using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>CreateContainer: <c>Create</c> → SpecGenerator (<see cref="CreateMapper"/>), pulling the image when missing and creating a <c>new:</c> pod first, as 1.9's <c>podman create</c> did.</summary>
internal sealed partial class PodmanService
{
    protected override async ValueTask<string> CreateContainerAsync(Create create, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (create is null)
            {
                throw VarlinkServiceErrors.CreateInvalidParameter("create");
            }

            var plan = CreateMapper.Map(create, Environment.GetEnvironmentVariable, File.ReadLines);
            if (plan.CidFile is { } cidFile && File.Exists(cidFile))
            {
                throw new ErrorOccurredException($"container id file exists. Ensure another container is not using it or delete {cidFile}");
            }

            if (plan.PullImage is { } image)
            {
                await PullIfNeededAsync(image, plan.PullPolicy, plan.Spec.ImageOs, plan.Spec.ImageArch, cancellationToken).ConfigureAwait(false);
            }

            if (plan.NewPod is { } pod)
            {
                await _libpod.CreatePodAsync(new PodSpecGenerator { Name = pod, ShareParent = false }, cancellationToken).ConfigureAwait(false);
            }

            var created = await _libpod.CreateContainerAsync(plan.Spec, cancellationToken).ConfigureAwait(false);
            if (plan.CidFile is { } path)
            {
                await File.WriteAllTextAsync(path, created.Id, cancellationToken).ConfigureAwait(false);
            }

            return created.Id;
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    /// <summary>4.3's create does not pull: pull first unless the policy says never (1.9's default: only when missing).</summary>
    private async Task PullIfNeededAsync(string image, string policy, string? os, string? arch, CancellationToken cancellationToken)
    {
        if (policy == "never" || (policy == "missing" && await _libpod.ImageExistsAsync(image, cancellationToken).ConfigureAwait(false)))
        {
            return;
        }

        try
        {
            await foreach (var line in _libpod.PullAsync(image, policy, os, arch, cancellationToken).ConfigureAwait(false))
            {
                if (line.Error.Length > 0)
                {
                    throw new ErrorOccurredException($"unable to pull {image}: {line.Error}");
                }
            }
        }
        catch (LibpodException e)
        {
            throw new ErrorOccurredException($"unable to pull {image}: {e.Message}");
        }
    }
}
