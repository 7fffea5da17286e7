using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>The worker's own activity source and meter (ServiceDefaults exports both by name).</summary>
public static class WorkerTelemetry
{
    public const string Name = "StreamingPlatform.VodWorker";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Jobs = Meter.CreateCounter<long>(
        "streaming.vod.jobs", unit: "{job}", description: "VOD builds, by outcome (ready, salvaged, failed, unchanged, empty).");

    public static readonly Histogram<double> RemuxDuration = Meter.CreateHistogram<double>(
        "streaming.vod.remux.duration", unit: "s", description: "Time FFmpeg took to remux a broadcast's recordings.");

    public static readonly Histogram<double> RemuxThroughput = Meter.CreateHistogram<double>(
        "streaming.vod.remux.throughput", unit: "By/s", description: "Recording bytes remuxed per second.");

    public static readonly Histogram<double> QueueDuration = Meter.CreateHistogram<double>(
        "streaming.vod.queue.duration", unit: "s", description: "Time a VOD job waited in RabbitMQ before a worker took it.");

    public static readonly Counter<long> Restored = Meter.CreateCounter<long>(
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

    public static readonly Counter<long> Thumbnails = Meter.CreateCounter<long>(
        "streaming.thumbnails", unit: "{thumbnail}", description: "Live thumbnail grabs, by outcome (taken, failed).");

    public static void CountThumbnail(string outcome) =>
        Thumbnails.Add(1, new KeyValuePair<string, object?>("streaming.thumbnail.outcome", outcome));

    public static void CountJob(string outcome) => Jobs.Add(1, new KeyValuePair<string, object?>("streaming.vod.outcome", outcome));

    /// <summary>A VOD made, with which streams had to be re-encoded (none, video, audio, both).</summary>
    public static void CountJob(string outcome, string reencoded) => Jobs.Add(1,
        new KeyValuePair<string, object?>("streaming.vod.outcome", outcome), new KeyValuePair<string, object?>("streaming.vod.reencoded", reencoded));

    public static readonly Counter<long> LiveCodecChecks = Meter.CreateCounter<long>(
        "streaming.live.codec_checks", unit: "{recording}", description: "Live recordings whose codecs were checked, by outcome (playable, unplayable).");

    public static void CountLiveCodecCheck(string outcome) =>
        LiveCodecChecks.Add(1, new KeyValuePair<string, object?>("streaming.live.codec_check.outcome", outcome));
}
