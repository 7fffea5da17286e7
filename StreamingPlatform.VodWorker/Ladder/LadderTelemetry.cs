using System.Diagnostics.Metrics;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>The ladder's metrics, on the worker's meter (exported by name); its spans use <see cref="WorkerTelemetry.Source"/>.</summary>
public static class LadderTelemetry
{
    public static readonly Histogram<double> EncoderSpeed = WorkerTelemetry.Meter.CreateHistogram<double>(
        "streaming.ladder.encoder.speed", unit: "1",
        description: "FFmpeg's speed while transcoding a ladder (its -progress speed=, 1 = real time; below 1 the renditions fall behind).");

    /// <summary>The transcoding session's span ("ladder transcode") and its counts.</summary>
    public static readonly LiveJobMetrics Job = new("ladder transcode", "streaming.ladder", "ffmpeg restart", "transcoding failed",
        WorkerTelemetry.Meter.CreateUpDownCounter<long>("streaming.ladder.sessions", unit: "{session}", description: "Transcoding sessions this worker runs now."),
        WorkerTelemetry.Meter.CreateCounter<long>("streaming.ladder.restarts", unit: "{restart}", description: "Times a ladder's FFmpeg died and was started again."),
        WorkerTelemetry.Meter.CreateCounter<long>("streaming.ladder.sessions.ended", unit: "{session}",
            description: "Transcoding sessions ended, by outcome (ended, lease_lost, shutdown, failed)."));

    public static void RecordSpeed(double speed, string channel) =>
        EncoderSpeed.Record(speed, new KeyValuePair<string, object?>("streaming.channel", channel));
}
