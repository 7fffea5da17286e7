using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.Thumbnails;

/// <summary>The live thumbnails' and the live codec check's metrics, on the worker's meter.</summary>
public static class ThumbnailTelemetry
{
    private static readonly OutcomeCounter Thumbnails = ServiceTelemetry.Worker.CountByOutcome(
        "streaming.thumbnails", "{thumbnail}", "Live thumbnail grabs, by outcome (taken, failed).", "streaming.thumbnail.outcome");

    private static readonly OutcomeCounter LiveCodecChecks = ServiceTelemetry.Worker.CountByOutcome(
        "streaming.live.codec_checks", "{recording}", "Live recordings whose codecs were checked, by outcome (playable, unplayable).",
        "streaming.live.codec_check.outcome");

    public static void CountThumbnail(string outcome) => Thumbnails.Add(outcome);

    public static void CountLiveCodecCheck(string outcome) => LiveCodecChecks.Add(outcome);
}
