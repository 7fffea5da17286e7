using MassTransit;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// At start-up and then on a timer, finds recordings that no hook announced (nginx or the Api died before
/// record_done) and queues them: any <c>&lt;channel&gt;-&lt;time&gt;.flv</c> the pipeline does not know, on a channel
/// nobody is live on, untouched for a while. Also removes partial files of builds that died with their worker.
/// </summary>
public sealed class RecordingSweeper(
    BroadcastStore broadcasts,
    IBus bus,
    IOptions<MediaOptions> media,
    IOptions<VodOptions> options,
    TimeProvider time,
    ILogger<RecordingSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan StalePartialAge = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                VodLog.SweepFailed(logger, options.Value.SweepIntervalSeconds, exception);
            }
        }
        while (await time.WaitForNextRoundAsync(interval, stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(media.Value.Recordings);
        if (!folder.Exists)
        {
            return;
        }

        var now = time.GetUtcNow();
        var minAge = TimeSpan.FromSeconds(options.Value.SweepMinAgeSeconds);
        foreach (var file in folder.EnumerateFiles("*.flv"))
        {
            if (!RecordingFileName.TryParse(file.Name, out var channel, out var startedAt)
                || file.LinkTarget is not null
                || now - file.LastWriteTimeUtc < minAge
                || await broadcasts.IsKnownAsync(file.Name)
                || await broadcasts.IsLiveAsync(channel))
            {
                continue;
            }

            var sessionId = RecordingFileName.OrphanSessionId(file.Name);
            await broadcasts.AddRecordingAsync(sessionId, file.Name, startedAt);
            await bus.Publish(new RecordingCompleted(sessionId, channel, file.Name), cancellationToken);
            VodLog.OrphanQueued(logger, file.Name, channel, sessionId);
        }

        RemoveStalePartials(now);
    }

    private void RemoveStalePartials(DateTimeOffset now)
    {
        var partial = new DirectoryInfo(media.Value.Partial);
        if (!partial.Exists)
        {
            return;
        }

        foreach (var file in partial.EnumerateFiles().Where(f => now - f.LastWriteTimeUtc > StalePartialAge))
        {
            file.Delete();
        }
    }
}
