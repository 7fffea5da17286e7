using System.Diagnostics;
using System.Text.Json.Nodes;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>
/// The real-time relay of one broadcast on this worker (a <see cref="LiveJob"/>): (re)creates the channel's mountpoint in
/// Janus, runs one FFmpeg from nginx's RTMP into it, checks every round that Janus still has the mountpoint (a restarted
/// Janus has none), and starts over after a growing delay (up to <see cref="RealtimeOptions.MaxRestartDelaySeconds"/>) when
/// FFmpeg dies or the mountpoint is gone. It only reads from nginx: whatever happens here, HLS and the recording go on.
/// </summary>
public sealed class RelaySession(
    LiveBroadcast broadcast,
    JanusClient janus,
    RealtimeRelays relays,
    RealtimeOptions options,
    LadderOptions source,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger logger) : LiveJob(broadcast, RealtimeTelemetry.Job, options.MaxRestartDelay(), time)
{
    protected override Task OnRestartingAsync(LiveJobExit exit, TimeSpan delay)
    {
        RealtimeLog.RelayDied(logger, Broadcast.Channel, Broadcast.BroadcastId, exit.Reason, source.Redact(exit.Error), delay.TotalSeconds);
        return Task.CompletedTask;
    }

    protected override async Task OnEndingAsync(string outcome)
    {
        // A relay that lost its lease leaves the mountpoint to the worker that took it over.
        if (outcome != "lease_lost")
        {
            await DestroyMountpointAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        RealtimeTelemetry.SetViewers(Broadcast.Channel, null);
    }

    protected override void LogFailed(Exception exception) => RealtimeLog.Failed(logger, Broadcast.Channel, Broadcast.BroadcastId, exception);

    protected override void LogStopped(string outcome, int restarts) => RealtimeLog.Stopped(logger, Broadcast.Channel, Broadcast.BroadcastId, outcome, restarts);

    /// <summary>One run: probe, mountpoint, FFmpeg until it exits or the mountpoint vanishes (the reason returned) or the relay is cancelled.</summary>
    protected override async Task<LiveJobExit> RunOnceAsync(Activity? activity, TimeSpan delayAfterFailure, CancellationToken cancellationToken)
    {
        var (channel, id) = (Broadcast.Channel, Broadcast.BroadcastId);
        if (await ProbeAsync(cancellationToken) is not { } relaySource)
        {
            return new("probe failed", "no video stream within 15 s");
        }

        JsonObject created;
        try
        {
            await DestroyMountpointAsync(cancellationToken);
            created = await janus.StreamingRequestAsync(RelayPlan.CreateMountpoint(channel, id, options.MountpointAddress), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JanusException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new("janus unreachable", exception.Message);
        }

        if (RelayPlan.Ports(created) is not { } ports)
        {
            return new("mountpoint not created", created.ToJsonString());
        }

        var videoMode = relaySource.CopyVideo ? "copied" : "re-encoded (B-frames or not H.264)";
        activity?.SetTag("streaming.realtime.video", relaySource.CopyVideo ? "copy" : "x264");
        RealtimeLog.Relaying(logger, channel, id, videoMode, relaySource.HasAudio ? "Opus" : "none", ports.Video, ports.Audio);

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var relay = ffmpeg.RunLiveAsync(
            RelayPlan.FfmpegArguments(source.SourceUrl(channel, Time.GetUtcNow()), relaySource, ports.Video, ports.Audio, options), _ => { }, run.Token);
        var watch = WatchMountpointAsync(run.Token);
        var first = await Task.WhenAny(relay, watch);
        await run.CancelAsync();
        await relays.ClearAsync(channel, id).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (first == watch && !cancellationToken.IsCancellationRequested)
        {
            await ((Task)relay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return new("mountpoint gone (Janus restarted?)");
        }

        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            await ((Task)relay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return new("stopped");
        }

        var (exitCode, _, error) = await relay;
        return new($"ffmpeg exited with {exitCode}", error);
    }

    /// <summary>Returns when Janus no longer has the mountpoint; meanwhile records its viewer count.</summary>
    private async Task WatchMountpointAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.ScanSeconds);
        while (true)
        {
            await Task.Delay(interval, Time, cancellationToken);
            JsonObject info;
            try
            {
                info = await janus.StreamingRequestAsync(new JsonObject { ["request"] = "info", ["id"] = Broadcast.Channel }, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or JanusException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                RealtimeTelemetry.SetViewers(Broadcast.Channel, null);
                return; // Janus is down: FFmpeg's RTP goes nowhere, and a restarted Janus needs the mountpoint again
            }

            if (info["info"] is not JsonObject mountpoint)
            {
                RealtimeTelemetry.SetViewers(Broadcast.Channel, null);
                return;
            }

            RealtimeTelemetry.SetViewers(Broadcast.Channel, (int?)mountpoint["viewers"] ?? 0);
            if (RelayPlan.Receiving(mountpoint, interval))
            {
                // The page offers real time only while this mark is there: it lapses by itself if this worker dies.
                await relays.MarkAsync(Broadcast.Channel, Broadcast.BroadcastId, interval * 3);
            }
            else
            {
                await relays.ClearAsync(Broadcast.Channel, Broadcast.BroadcastId);
            }
        }
    }

    private Task DestroyMountpointAsync(CancellationToken cancellationToken) =>
        janus.StreamingRequestAsync(new JsonObject { ["request"] = "destroy", ["id"] = Broadcast.Channel }, cancellationToken);

    private async Task<RelaySource?> ProbeAsync(CancellationToken cancellationToken) =>
        await ffmpeg.ProbeSourceAsync(source.SourceUrl(Broadcast.Channel, Time.GetUtcNow()), cancellationToken) is { } probe
            ? RelayPlan.Source(probe)
            : null;
}
