using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>The real-time relay's metrics, on the worker's meter; its spans use <see cref="WorkerTelemetry.Source"/>.</summary>
public static class RealtimeTelemetry
{
    private static readonly ConcurrentDictionary<string, int> ViewersByChannel = new(StringComparer.Ordinal);

    /// <summary>The relay's span ("realtime relay") and its counts.</summary>
    public static readonly LiveJobMetrics Job = new("realtime relay", "streaming.realtime", "relay restart", "relay failed",
        WorkerTelemetry.Meter.CreateUpDownCounter<long>("streaming.realtime.relays", unit: "{relay}", description: "Real-time relays (FFmpeg into a Janus mountpoint) this worker runs now."),
        WorkerTelemetry.Meter.CreateCounter<long>("streaming.realtime.relay.restarts", unit: "{restart}",
            description: "Times a relay's FFmpeg died or its mountpoint vanished (Janus restarted) and it was started again."),
        WorkerTelemetry.Meter.CreateCounter<long>("streaming.realtime.relays.ended", unit: "{relay}", description: "Relays ended, by outcome (ended, lease_lost, shutdown, failed)."));

    static RealtimeTelemetry() =>
        WorkerTelemetry.Meter.CreateObservableGauge("streaming.realtime.viewers",
            () => ViewersByChannel.Select(v => new Measurement<int>(v.Value, new KeyValuePair<string, object?>("streaming.channel", v.Key))),
            unit: "{viewer}", description: "Viewers watching a channel over WebRTC now, as its Janus mountpoint counts them.");

    public static void SetViewers(string channel, int? viewers)
    {
        if (viewers is { } count)
        {
            ViewersByChannel[channel] = count;
        }
        else
        {
            ViewersByChannel.TryRemove(channel, out _);
        }
    }
}
