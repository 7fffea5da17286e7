using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>
/// Degraded when this service cannot write a media folder (recordings, HLS, VOD; a folder not made yet counts by its
/// nearest parent): a permission or a read-only mount would otherwise only show as VODs that never come. Writes and
/// deletes a probe file in each, on every /health call, so a permission changed while running shows too.
/// </summary>
public sealed class MediaFoldersHealthCheck(IOptions<MediaOptions> media) : IHealthCheck
{
    public const string Name = "media-folders";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new[] { media.Value.Recordings, media.Value.Hls, media.Value.Vod }.Distinct().Select(Problem).OfType<string>().ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("the media folders are writable")
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems)));
    }

    private static string? Problem(string folder)
    {
        var existing = MediaDisk.NearestExisting(folder);
        if (existing is null)
        {
            return $"cannot write {folder}: no part of the path exists";
        }

        var probe = Path.Combine(existing, $".write-check-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {existing}: {exception.Message}";
        }
    }
}
