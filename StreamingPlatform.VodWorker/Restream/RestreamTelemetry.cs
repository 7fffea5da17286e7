using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>The restream relay's metrics, on the worker's meter; its spans use <see cref="WorkerTelemetry.Source"/>.</summary>
public static class RestreamTelemetry
{
    private static Meter Meter => WorkerTelemetry.Meter;
    private static readonly ConcurrentDictionary<string, string> StateByJob = new(StringComparer.Ordinal);

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "streaming.restream.bytes", unit: "By", description: "Bytes relayed to restream targets, by channel.");

    /// <summary>The relay to one target's span ("restream") and its counts.</summary>
    public static readonly LiveJobMetrics Job = new("restream", "streaming.restream", "restream restart", "restream failed",
        Meter.CreateUpDownCounter<long>("streaming.restream.targets", unit: "{target}", description: "Restream targets this worker relays a broadcast to now."),
        Meter.CreateCounter<long>("streaming.restream.restarts", unit: "{restart}",
            description: "Times a relay to a target ended (refused, unreachable, dropped, FFmpeg died) and was started again."),
        Meter.CreateCounter<long>("streaming.restream.targets.ended", unit: "{target}",
            description: "Relays to a target ended, by outcome (ended, lease_lost, shutdown, failed)."));

    static RestreamTelemetry() =>
        Meter.CreateObservableGauge("streaming.restream.state",
            () => StateByJob.Values.GroupBy(s => s).Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("streaming.restream.state", g.Key))),
            unit: "{target}", description: "This worker's relays to targets by state (connecting, live, retrying).");

    public static void SetState(string jobId, string? state)
    {
        if (state is null)
        {
            StateByJob.TryRemove(jobId, out _);
        }
        else
        {
            StateByJob[jobId] = state;
        }
    }
}
