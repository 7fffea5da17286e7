namespace StreamingPlatform.VodWorker.Thumbnails;

internal static partial class ThumbnailLog
{
    [LoggerMessage(501, LogLevel.Information, "Live thumbnails are off: Thumbnails:HlsBaseUrl is not set")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(502, LogLevel.Information, "Live thumbnails from {HlsBaseUrl} every {IntervalSeconds} s")]
    public static partial void Started(ILogger logger, Uri hlsBaseUrl, int intervalSeconds);

    [LoggerMessage(503, LogLevel.Warning, "Live thumbnail of channel {Channel} could not be taken: {Reason}")]
    public static partial void GrabFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(504, LogLevel.Information, "Live thumbnail of channel {Channel} is being taken again")]
    public static partial void Recovered(ILogger logger, string channel);

    [LoggerMessage(505, LogLevel.Warning, "Live thumbnails: Redis unavailable or the thumbnail folder unwritable; trying again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(506, LogLevel.Warning, "Channel {Channel} publishes video {VideoCodec} and audio {AudioCodec}: viewers cannot play it live (live HLS needs H.264 video and AAC audio); ask the publisher to switch, its VOD will be re-encoded")]
    public static partial void UnplayableCodecs(ILogger logger, string channel, string videoCodec, string audioCodec);
}
