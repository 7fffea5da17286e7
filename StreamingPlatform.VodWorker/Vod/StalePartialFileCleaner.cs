using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// At start-up and then every SweepIntervalSeconds, deletes the partial files (<c>vod/.partial/</c>) of builds that died
/// with their worker: a build writes there and renames into place when done, so a file untouched for hours is nobody's.
/// Recordings that no hook announced are the Api's to find (its HookReconciler, through the outbox).
/// </summary>
public sealed class StalePartialFileCleaner(
    IOptions<MediaOptions> media,
    IOptions<VodOptions> options,
    TimeProvider time,
    ILogger<StalePartialFileCleaner> logger) : BackgroundService
{
    private static readonly TimeSpan StaleAge = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds);
        do
        {
            try
            {
                RemoveStale();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                VodLog.PartialCleanupFailed(logger, options.Value.SweepIntervalSeconds, exception);
            }
        }
        while (await time.WaitForNextRoundAsync(interval, stoppingToken));
    }

    public int RemoveStale()
    {
        var partial = new DirectoryInfo(media.Value.Partial);
        if (!partial.Exists)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var stale = partial.EnumerateFiles().Where(f => now - f.LastWriteTimeUtc > StaleAge).ToList();
        stale.ForEach(f => f.Delete());
        return stale.Count;
    }
}
