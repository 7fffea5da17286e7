using System.Diagnostics;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// The ladder of one broadcast on this worker, from taking its lease until the broadcast ends (or the lease is lost, or
/// the worker stops): reads the source's size, runs one FFmpeg for every rendition and, when FFmpeg dies, starts it again
/// after a growing delay (1 s, doubled up to <see cref="LadderOptions.MaxRestartDelaySeconds"/>, back to 1 s after a
/// minute of good running). Meanwhile the source plays alone: the state in Redis, and so the master playlist's
/// renditions, is there only while FFmpeg makes progress. One span for the whole session, with its outcome.
/// </summary>
public sealed class TranscodingSession(
    LiveBroadcast broadcast,
    LadderOptions options,
    Ffmpeg ffmpeg,
    LadderStateStore states,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan AnnounceAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GoodRun = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stop = new();
    private string _outcome = "failed";
    private int _restarts;

    public LiveBroadcast Broadcast => broadcast;

    public Task? Running { get; private set; }

    public void Start(CancellationToken shutdown) => Running = Task.Run(() => RunAsync(shutdown), CancellationToken.None);

    /// <summary>Stops FFmpeg and waits for the session to end; <paramref name="outcome"/> is what its span and log say.</summary>
    public async Task StopAsync(string outcome)
    {
        _outcome = outcome;
        await _stop.CancelAsync();
        if (Running is { } running)
        {
            await running;
        }
    }

    private async Task RunAsync(CancellationToken shutdown)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, shutdown);
        var cancellationToken = linked.Token;
        ActivityContext.TryParse(broadcast.TraceParent, null, out var parent);
        using var activity = WorkerTelemetry.Source.StartActivity("ladder transcode", ActivityKind.Internal, parent);
        activity?.SetTag("streaming.channel", broadcast.Channel);
        activity?.SetTag("streaming.session.id", broadcast.BroadcastId);
        LadderTelemetry.Sessions.Add(1);
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var startedAt = time.GetTimestamp();
                var failure = await TranscodeOnceAsync(activity, delay, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                delay = time.GetElapsedTime(startedAt) > GoodRun ? TimeSpan.FromSeconds(1) : delay;
                _restarts++;
                LadderTelemetry.Restarts.Add(1);
                activity?.AddEvent(new ActivityEvent("ffmpeg restart", tags: new ActivityTagsCollection { ["reason"] = failure }));
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, options.MaxRestartDelaySeconds));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Not expected (FFmpeg missing, Redis gone for good): the supervisor starts the session again next round.
            _outcome = "failed";
            activity?.AddException(exception);
            LadderLog.Failed(logger, broadcast.Channel, broadcast.BroadcastId, exception);
        }
        finally
        {
            if (shutdown.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                _outcome = "shutdown";
            }

            activity?.SetTag("streaming.ladder.outcome", _outcome);
            activity?.SetTag("streaming.ladder.restarts", _restarts);
            if (_outcome == "failed")
            {
                activity?.SetStatus(ActivityStatusCode.Error, "transcoding failed");
            }

            LadderTelemetry.Sessions.Add(-1);
            LadderTelemetry.CountEnded(_outcome);
            LadderLog.Stopped(logger, broadcast.Channel, broadcast.BroadcastId, _outcome, _restarts);
        }
    }

    /// <summary>One run of FFmpeg, until it exits (its reason returned) or the session is cancelled.</summary>
    private async Task<string> TranscodeOnceAsync(Activity? activity, TimeSpan delayAfterFailure, CancellationToken cancellationToken)
    {
        var (channel, id) = (broadcast.Channel, broadcast.BroadcastId);
        var nextDelay = delayAfterFailure.TotalSeconds;
        if (await ProbeAsync(cancellationToken) is not { } source)
        {
            LadderLog.ProbeFailed(logger, channel, id, "no video stream within 15 s", nextDelay);
            return "probe failed";
        }

        var planned = LadderPlan.For(source, options.EffectiveRenditions);
        if (planned.Count == 0)
        {
            LadderLog.NothingToEncode(logger, channel, id, source.Width, source.Height);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
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
        var started = time.GetTimestamp();
        // Progress lines arrive on the output pump's thread; the Redis writes are chained so they stay in order.
        var writes = Task.CompletedTask;
        var result = new ToolResult(0, "", "");
        try
        {
            result = await ffmpeg.RunLiveAsync(LadderPlan.FfmpegArguments(channel, planned, options, time.GetUtcNow()), line =>
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
            return "stopped";
        }

        var (exitCode, _, error) = result;
        var ran = time.GetElapsedTime(started);
        LadderLog.FfmpegDied(logger, channel, id, exitCode, ran.TotalSeconds, options.Redact(error), ran > GoodRun ? 1 : nextDelay);
        return $"ffmpeg exited with {exitCode}";
    }

    private async Task<LadderSource?> ProbeAsync(CancellationToken cancellationToken) =>
        await ffmpeg.ProbeSourceAsync(options.SourceUrl(broadcast.Channel, time.GetUtcNow()), cancellationToken) is { } probe
            ? LadderPlan.Source(probe)
            : null;
}
