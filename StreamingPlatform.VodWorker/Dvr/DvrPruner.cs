using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Dvr;

/// <summary>
/// Every minute, deletes the DVR segments of each live channel that left the window (<see cref="DvrSegments"/>), so a
/// channel live for longer than the window keeps only the window on disk. What is left when a broadcast ends goes with
/// its other HLS files (<see cref="Vod.MediaCleaner.DeleteHls"/>).
/// </summary>
public sealed partial class DvrPruner(IOptions<MediaOptions> media, TimeProvider time, ILogger<DvrPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(1);

    private static readonly Counter<long> Pruned = WorkerTelemetry.Meter.CreateCounter<long>(
        "streaming.dvr.segments_pruned", unit: "{segment}", description: "DVR segments deleted once they left the rewind window.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                Prune();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                PruneFailed(logger, exception);
            }
        }
        while (await time.WaitForNextRoundAsync(Interval, stoppingToken));
    }

    public int Prune()
    {
        var root = new DirectoryInfo(media.Value.Dvr);
        if (!root.Exists)
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in root.EnumerateDirectories().Where(d => StreamName.IsValid(d.Name) && d.LinkTarget is null))
        {
            var playlist = new FileInfo(Path.Combine(folder.FullName, HlsLayout.PlaylistName));
            if (!playlist.Exists)
            {
                continue;
            }

            var files = folder.EnumerateFiles(HlsLayout.SegmentSearchPattern).Where(f => f.LinkTarget is null).ToDictionary(f => f.Name);
            var expired = DvrSegments.OutOfWindow(File.ReadAllText(playlist.FullName),
                files.Values.Select(f => (f.Name, new DateTimeOffset(f.LastWriteTimeUtc))), time.GetUtcNow(), MinAge);
            foreach (var name in expired)
            {
                files[name].Delete();
            }

            if (expired.Count > 0)
            {
                Pruned.Add(expired.Count);
                SegmentsPruned(logger, folder.Name, expired.Count);
            }

            deleted += expired.Count;
        }

        return deleted;
    }

    [LoggerMessage(601, LogLevel.Information, "Deleted {Count} DVR segments of channel {Channel} that left the rewind window")]
    private static partial void SegmentsPruned(ILogger logger, string channel, int count);

    [LoggerMessage(602, LogLevel.Warning, "DVR segments could not be pruned; next try in a minute")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
