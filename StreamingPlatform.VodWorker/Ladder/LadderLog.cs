namespace StreamingPlatform.VodWorker.Ladder;

internal static partial class LadderLog
{
    [LoggerMessage(701, LogLevel.Information, "Quality ladder is off: Ladder:RtmpBaseUrl is not set")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(702, LogLevel.Information, "Quality ladder on: renditions {Renditions} with x264 {Preset}, sources from {RtmpBaseUrl}")]
    public static partial void Started(ILogger logger, string renditions, string preset, string rtmpBaseUrl);

    [LoggerMessage(703, LogLevel.Information, "Transcoding channel {Channel} (broadcast {SessionId}): {Width}x{Height} source into {Renditions}")]
    public static partial void Transcoding(ILogger logger, string channel, string sessionId, int width, int height, string renditions);

    [LoggerMessage(704, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): source {Width}x{Height} is no taller than any rendition; nothing to transcode")]
    public static partial void NothingToEncode(ILogger logger, string channel, string sessionId, int width, int height);

    [LoggerMessage(705, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): could not read the source ({Reason}); trying again in {DelaySeconds} s while the source plays alone")]
    public static partial void ProbeFailed(ILogger logger, string channel, string sessionId, string reason, double delaySeconds);

    [LoggerMessage(706, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): FFmpeg exited with {ExitCode} after {RanSeconds} s ({Error}); starting it again in {DelaySeconds} s while the source plays alone")]
    public static partial void FfmpegDied(ILogger logger, string channel, string sessionId, int exitCode, double ranSeconds, string error, double delaySeconds);

    [LoggerMessage(707, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): renditions are live, FFmpeg at {Speed}x")]
    public static partial void RenditionsLive(ILogger logger, string channel, string sessionId, double speed);

    [LoggerMessage(708, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): FFmpeg runs at {Speed}x, slower than real time; the renditions fall behind")]
    public static partial void TooSlow(ILogger logger, string channel, string sessionId, double speed);

    [LoggerMessage(709, LogLevel.Information, "Stopped transcoding channel {Channel} (broadcast {SessionId}): {Outcome} after {Restarts} restarts")]
    public static partial void Stopped(ILogger logger, string channel, string sessionId, string outcome, int restarts);

    [LoggerMessage(710, LogLevel.Warning, "Quality ladder: Redis unavailable; running transcoders go on, trying again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(711, LogLevel.Debug, "Channel {Channel} (broadcast {SessionId}) is transcoded by another worker ({Owner}); not here")]
    public static partial void HeldElsewhere(ILogger logger, string channel, string sessionId, string owner);

    [LoggerMessage(712, LogLevel.Error, "Channel {Channel} (broadcast {SessionId}): transcoding failed; the source plays alone, the next round starts it again")]
    public static partial void Failed(ILogger logger, string channel, string sessionId, Exception exception);
}
