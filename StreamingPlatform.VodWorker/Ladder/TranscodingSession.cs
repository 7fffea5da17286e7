using System.Diagnostics;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// The ladder of one broadcast on this worker (a <see cref="LiveJob"/>): reads the source's size and runs one FFmpeg for
/// every rendition, started again after a growing delay when it dies (up to <see cref="LadderOptions.MaxRestartDelaySeconds"/>).
/// Meanwhile the source plays alone: the state in Redis, and so the master playlist's renditions, is there only while
/// FFmpeg makes progress.
/// </summary>
public sealed class TranscodingSession(
    LiveBroadcast broadcast,
    LadderOptions options,
    Ffmpeg ffmpeg,
    LadderStateStore states,
    TimeProvider time,
    ILogger logger) : LiveJob(broadcast, LadderTelemetry.Job, options.MaxRestartDelay(), time)
{
    private static readonly TimeSpan AnnounceAfter = TimeSpan.FromSeconds(3);

    protected override void LogFailed(Exception exception) => LadderLog.Failed(logger, Broadcast.Channel, Broadcast.BroadcastId, exception);

    protected override void LogStopped(string outcome, int restarts) => LadderLog.Stopped(logger, Broadcast.Channel, Broadcast.BroadcastId, outcome, restarts);

    /// <summary>One run of FFmpeg, until it exits (its reason returned) or the session is cancelled.</summary>
    protected override async Task<LiveJobExit> RunOnceAsync(Activity? activity, TimeSpan delayAfterFailure, CancellationToken cancellationToken)
    {
        var (channel, id) = (Broadcast.Channel, Broadcast.BroadcastId);
        var nextDelay = delayAfterFailure.TotalSeconds;
        if (await ProbeAsync(cancellationToken) is not { } source)
        {
            LadderLog.ProbeFailed(logger, channel, id, "no video stream within 15 s", nextDelay);
            return new("probe failed");
        }

        var planned = LadderPlan.For(source, options.EffectiveRenditions);
        if (planned.Count == 0)
        {
            LadderLog.NothingToEncode(logger, channel, id, source.Width, source.Height);
            await Task.Delay(Timeout.InfiniteTimeSpan, Time, cancellationToken);
        }

        var state = LadderPlan.State(channel, id, source, planned, options.SourceKbpsFallback).ToJson();
        var renditions = string.Join(", ", planned.Select(r => $"{r.Name} {r.Width}x{r.Height}"));
        activity?.SetTag("streaming.ladder.renditions", renditions);
        LadderLog.Transcoding(logger, channel, id, source.Width, source.Height, renditions);

        var progress = new FfmpegProgress.Reader();
        TimeSpan? firstOutTime = null;
        var announced = false;
        var slowLogged = false;
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var started = Time.GetTimestamp();
        // Progress lines arrive on the output pump's thread; the Redis writes are chained so they stay in order.
        var writes = Task.CompletedTask;
        var result = new ToolResult(0, "", "");
        try
        {
            result = await ffmpeg.RunLiveAsync(LadderPlan.FfmpegArguments(channel, planned, options, Time.GetUtcNow()), line =>
            {
                if (progress.Read(line) is not { Frames: > 0 } block)
                {
                    return;
                }

                if (block.Speed is { } speed)
                {
                    LadderTelemetry.RecordSpeed(speed, channel);
                    if (speed < 1 && !slowLogged && block.OutTime - firstOutTime > TimeSpan.FromSeconds(10))
                    {
                        slowLogged = true;
                        LadderLog.TooSlow(logger, channel, id, speed);
                    }
                }

                firstOutTime ??= block.OutTime;
                // nginx has written the renditions' first fragments by now: only then may the master playlist list them.
                if (block.OutTime - firstOutTime >= AnnounceAfter)
                {
                    if (!announced)
                    {
                        announced = true;
                        LadderLog.RenditionsLive(logger, channel, id, block.Speed ?? 0);
                    }

                    writes = writes.ContinueWith(_ => states.PublishAsync(channel, state, lease), TaskScheduler.Default).Unwrap();
                }
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await writes.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // The source plays alone from now on; the state would lapse by itself within a lease anyway.
            await states.ClearAsync(channel, state).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new("stopped");
        }

        var (exitCode, _, error) = result;
        var ran = Time.GetElapsedTime(started);
        LadderLog.FfmpegDied(logger, channel, id, exitCode, ran.TotalSeconds, options.Redact(error), ran > GoodRun ? 1 : nextDelay);
        return new($"ffmpeg exited with {exitCode}");
    }

    private async Task<LadderSource?> ProbeAsync(CancellationToken cancellationToken) =>
        await ffmpeg.ProbeSourceAsync(options.SourceUrl(Broadcast.Channel, Time.GetUtcNow()), cancellationToken) is { } probe
            ? LadderPlan.Source(probe)
            : null;
}
