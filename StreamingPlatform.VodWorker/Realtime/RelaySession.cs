using System.Diagnostics;
using System.Text.Json.Nodes;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>
/// The real-time relay of one broadcast on this worker, from taking its lease until the broadcast ends (or the lease is
/// lost, or the worker stops): (re)creates the channel's mountpoint in Janus, runs one FFmpeg from nginx's RTMP into it,
/// checks every round that Janus still has the mountpoint (a restarted Janus has none), and starts over after a growing
/// delay (1 s, doubled up to <see cref="RealtimeOptions.MaxRestartDelaySeconds"/>, back to 1 s after a minute of good
/// running) when FFmpeg dies or the mountpoint is gone. It only reads from nginx: whatever happens here, HLS and the
/// recording go on. One span for the whole relay, with its outcome.
/// </summary>
public sealed class RelaySession(
    LiveBroadcast broadcast,
    JanusClient janus,
    RealtimeRelays relays,
    RealtimeOptions options,
    LadderOptions source,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan GoodRun = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stop = new();
    private string _outcome = "failed";
    private int _restarts;

    public LiveBroadcast Broadcast => broadcast;

    public Task? Running { get; private set; }

    public void Start(CancellationToken shutdown) => Running = Task.Run(() => RunAsync(shutdown), CancellationToken.None);

    /// <summary>Stops FFmpeg, removes the mountpoint and waits for the relay to end; <paramref name="outcome"/> is what its span and log say.</summary>
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
        using var activity = WorkerTelemetry.Source.StartActivity("realtime relay", ActivityKind.Internal, parent);
        activity?.SetTag("streaming.channel", broadcast.Channel);
        activity?.SetTag("streaming.session.id", broadcast.BroadcastId);
        RealtimeTelemetry.Relays.Add(1);
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var startedAt = time.GetTimestamp();
                var (reason, error) = await RelayOnceAsync(activity, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                delay = time.GetElapsedTime(startedAt) > GoodRun ? TimeSpan.FromSeconds(1) : delay;
                _restarts++;
                RealtimeTelemetry.Restarts.Add(1);
                activity?.AddEvent(new ActivityEvent("relay restart", tags: new ActivityTagsCollection { ["reason"] = reason }));
                RealtimeLog.RelayDied(logger, broadcast.Channel, broadcast.BroadcastId, reason, source.Redact(error), delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, options.MaxRestartDelaySeconds));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _outcome = "failed";
            activity?.AddException(exception);
            RealtimeLog.Failed(logger, broadcast.Channel, broadcast.BroadcastId, exception);
        }
        finally
        {
            if (shutdown.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                _outcome = "shutdown";
            }

            // A relay that lost its lease leaves the mountpoint to the worker that took it over.
            if (_outcome != "lease_lost")
            {
                await DestroyMountpointAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            RealtimeTelemetry.SetViewers(broadcast.Channel, null);
            activity?.SetTag("streaming.realtime.outcome", _outcome);
            activity?.SetTag("streaming.realtime.restarts", _restarts);
            if (_outcome == "failed")
            {
                activity?.SetStatus(ActivityStatusCode.Error, "relay failed");
            }

            RealtimeTelemetry.Relays.Add(-1);
            RealtimeTelemetry.CountEnded(_outcome);
            RealtimeLog.Stopped(logger, broadcast.Channel, broadcast.BroadcastId, _outcome, _restarts);
        }
    }

    /// <summary>One run: probe, mountpoint, FFmpeg until it exits or the mountpoint vanishes (the reason returned) or the relay is cancelled.</summary>
    private async Task<(string Reason, string Error)> RelayOnceAsync(Activity? activity, CancellationToken cancellationToken)
    {
        var (channel, id) = (broadcast.Channel, broadcast.BroadcastId);
        if (await ProbeAsync(cancellationToken) is not { } relaySource)
        {
            return ("probe failed", "no video stream within 15 s");
        }

        JsonObject created;
        try
        {
            await DestroyMountpointAsync(cancellationToken);
            created = await janus.StreamingRequestAsync(RelayPlan.CreateMountpoint(channel, id, options.MountpointAddress), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or JanusException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ("janus unreachable", exception.Message);
        }

        if (RelayPlan.Ports(created) is not { } ports)
        {
            return ("mountpoint not created", created.ToJsonString());
        }

        var videoMode = relaySource.CopyVideo ? "copied" : "re-encoded (B-frames or not H.264)";
        activity?.SetTag("streaming.realtime.video", relaySource.CopyVideo ? "copy" : "x264");
        RealtimeLog.Relaying(logger, channel, id, videoMode, relaySource.HasAudio ? "Opus" : "none", ports.Video, ports.Audio);

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var relay = ffmpeg.RunLiveAsync(
            RelayPlan.FfmpegArguments(source.SourceUrl(channel, time.GetUtcNow()), relaySource, ports.Video, ports.Audio, options), _ => { }, run.Token);
        var watch = WatchMountpointAsync(run.Token);
        var first = await Task.WhenAny(relay, watch);
        await run.CancelAsync();
        await relays.ClearAsync(channel, id).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (first == watch && !cancellationToken.IsCancellationRequested)
        {
            await ((Task)relay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return ("mountpoint gone (Janus restarted?)", "");
        }

        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            await ((Task)relay).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return ("stopped", "");
        }

        var (exitCode, _, error) = await relay;
        return ($"ffmpeg exited with {exitCode}", error);
    }

    /// <summary>Returns when Janus no longer has the mountpoint; meanwhile records its viewer count.</summary>
    private async Task WatchMountpointAsync(CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.ScanSeconds);
        while (true)
        {
            await Task.Delay(interval, time, cancellationToken);
            JsonObject info;
            try
            {
                info = await janus.StreamingRequestAsync(new JsonObject { ["request"] = "info", ["id"] = broadcast.Channel }, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or JanusException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                RealtimeTelemetry.SetViewers(broadcast.Channel, null);
                return; // Janus is down: FFmpeg's RTP goes nowhere, and a restarted Janus needs the mountpoint again
            }

            if (info["info"] is not JsonObject mountpoint)
            {
                RealtimeTelemetry.SetViewers(broadcast.Channel, null);
                return;
            }

            RealtimeTelemetry.SetViewers(broadcast.Channel, (int?)mountpoint["viewers"] ?? 0);
            if (RelayPlan.Receiving(mountpoint, interval))
            {
                // The page offers real time only while this mark is there: it lapses by itself if this worker dies.
                await relays.MarkAsync(broadcast.Channel, broadcast.BroadcastId, interval * 3);
            }
            else
            {
                await relays.ClearAsync(broadcast.Channel, broadcast.BroadcastId);
            }
        }
    }

    private Task DestroyMountpointAsync(CancellationToken cancellationToken) =>
        janus.StreamingRequestAsync(new JsonObject { ["request"] = "destroy", ["id"] = broadcast.Channel }, cancellationToken);

    private async Task<RelaySource?> ProbeAsync(CancellationToken cancellationToken) =>
        await ffmpeg.ProbeSourceAsync(source.SourceUrl(broadcast.Channel, time.GetUtcNow()), cancellationToken) is { } probe
            ? RelayPlan.Source(probe)
            : null;
}
