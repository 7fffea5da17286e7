using System.Diagnostics;
using System.Text.Json;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Options;

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
    VodOptions tools,
    LadderStateStore states,
    TimeProvider time,
    ILogger logger) : LiveJob(broadcast, LadderTelemetry.Job, options.MaxRestartDelay, time)
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
        (int ExitCode, string Error) result = (0, "");
        try
        {
            result = await LadderProcess.RunAsync(tools.FfmpegPath, LadderPlan.FfmpegArguments(channel, planned, options, Time.GetUtcNow()), line =>
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

        var (exitCode, error) = result;
        var ran = Time.GetElapsedTime(started);
        LadderLog.FfmpegDied(logger, channel, id, exitCode, ran.TotalSeconds, options.Redact(error), ran > GoodRun ? 1 : nextDelay);
        return new($"ffmpeg exited with {exitCode}");
    }

    private async Task<LadderSource?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var output = new System.Text.StringBuilder();
        try
        {
            var (exitCode, _) = await LadderProcess.RunAsync(tools.FfprobePath,
                ["-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_type,width,height,bit_rate", "-of", "json",
                 options.SourceUrl(Broadcast.Channel, Time.GetUtcNow())],
                line => output.AppendLine(line), timeout.Token);
            return exitCode == 0 ? ParseProbe(output.ToString()) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The video stream's size, and the bitrate of all streams when the publisher said its video bitrate (FLV metadata).</summary>
    public static LadderSource? ParseProbe(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("streams", out var streams))
        {
            return null;
        }

        LadderSource? source = null;
        long bits = 0;
        long videoBits = 0;
        foreach (var stream in streams.EnumerateArray())
        {
            if (stream.TryGetProperty("bit_rate", out var rate) && long.TryParse(rate.GetString(), out var streamBits))
            {
                bits += streamBits;
            }

            if (stream.TryGetProperty("codec_type", out var type) && type.GetString() == "video"
                && stream.TryGetProperty("width", out var width) && stream.TryGetProperty("height", out var height)
                && width.GetInt32() > 0 && height.GetInt32() > 0)
            {
                source = new LadderSource(width.GetInt32(), height.GetInt32(), null);
                videoBits = stream.TryGetProperty("bit_rate", out var videoRate) && long.TryParse(videoRate.GetString(), out var v) ? v : 0;
            }
        }

        return source is null ? null : source with { BitsPerSecond = videoBits > 0 ? bits : null };
    }
}
