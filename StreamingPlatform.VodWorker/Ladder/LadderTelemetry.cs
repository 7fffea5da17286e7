using System.Diagnostics.Metrics;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>The ladder's metrics, on the worker's meter (exported by name); its spans use <see cref="WorkerTelemetry.Source"/>.</summary>
public static class LadderTelemetry
{
    public static readonly Histogram<double> EncoderSpeed = WorkerTelemetry.Meter.CreateHistogram<double>(
        "streaming.ladder.encoder.speed", unit: "1",
        description: "FFmpeg's speed while transcoding a ladder (its -progress speed=, 1 = real time; below 1 the renditions fall behind).");

    public static readonly Counter<long> Restarts = WorkerTelemetry.Meter.CreateCounter<long>(
        "streaming.ladder.restarts", unit: "{restart}", description: "Times a ladder's FFmpeg died and was started again.");

    public static readonly UpDownCounter<long> Sessions = WorkerTelemetry.Meter.CreateUpDownCounter<long>(
        "streaming.ladder.sessions", unit: "{session}", description: "Transcoding sessions this worker runs now.");

    private static readonly OutcomeCounter Ended = ServiceTelemetry.Worker.CountByOutcome(
        "streaming.ladder.sessions.ended", "{session}", "Transcoding sessions ended, by outcome (ended, lease_lost, shutdown, failed).",
        "streaming.ladder.outcome");

    public static void RecordSpeed(double speed, string channel) =>
        EncoderSpeed.Record(speed, new KeyValuePair<string, object?>("streaming.channel", channel));

    public static void CountEnded(string outcome) => Ended.Add(outcome);
}
