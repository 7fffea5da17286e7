using System.Diagnostics.Metrics;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>The VOD job's metrics, on the worker's meter; its spans use <see cref="WorkerTelemetry.Source"/>.</summary>
public static class VodTelemetry
{
    private static readonly Counter<long> Jobs = WorkerTelemetry.Meter.CreateCounter<long>(
        "streaming.vod.jobs", unit: "{job}", description: "VOD builds, by outcome (ready, salvaged, failed, unchanged, empty).");

    private static readonly Histogram<double> RemuxDuration = WorkerTelemetry.Meter.CreateHistogram<double>(
        "streaming.vod.remux.duration", unit: "s", description: "Time FFmpeg took to remux a broadcast's recordings.");

    private static readonly Histogram<double> RemuxThroughput = WorkerTelemetry.Meter.CreateHistogram<double>(
        "streaming.vod.remux.throughput", unit: "By/s", description: "Recording bytes remuxed per second.");

    private static readonly Histogram<double> QueueDuration = WorkerTelemetry.Meter.CreateHistogram<double>(
        "streaming.vod.queue.duration", unit: "s", description: "Time a VOD job waited in RabbitMQ before a worker took it.");

    private static readonly Counter<long> Restored = WorkerTelemetry.Meter.CreateCounter<long>(
        "streaming.vod.catalogue.restored", unit: "{vod}", description: "Catalogue entries rebuilt from the records in the VOD folder after Redis lost them.");

    public static void CountRestored(int count)
    {
        if (count > 0)
        {
            Restored.Add(count);
        }
    }

    public static void RecordRemux(TimeSpan elapsed, long inputBytes)
    {
        RemuxDuration.Record(elapsed.TotalSeconds);
        if (elapsed > TimeSpan.Zero)
        {
            RemuxThroughput.Record(inputBytes / elapsed.TotalSeconds);
        }
    }

    public static void RecordQueueWait(DateTime? sentTime, string messageType)
    {
        if (sentTime is { } sent)
        {
            QueueDuration.Record(Math.Max(0, (DateTime.UtcNow - sent).TotalSeconds), new KeyValuePair<string, object?>("messaging.message.type", messageType));
        }
    }

    public static void CountJob(string outcome) => Jobs.Add(1, new KeyValuePair<string, object?>("streaming.vod.outcome", outcome));

    /// <summary>A VOD made, with which streams had to be re-encoded (none, video, audio, both).</summary>
    public static void CountJob(string outcome, string reencoded) => Jobs.Add(1,
        new KeyValuePair<string, object?>("streaming.vod.outcome", outcome), new KeyValuePair<string, object?>("streaming.vod.reencoded", reencoded));
}
