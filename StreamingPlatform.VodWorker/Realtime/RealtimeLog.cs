namespace StreamingPlatform.VodWorker.Realtime;

internal static partial class RealtimeLog
{
    [LoggerMessage(801, LogLevel.Information, "Real-time playback is off: Realtime:JanusUrl is not set")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(802, LogLevel.Warning, "Real-time playback is off: it plays channels from nginx with the ladder's credentials, and Ladder:RtmpBaseUrl is not set")]
    public static partial void NoSource(ILogger logger);

    [LoggerMessage(803, LogLevel.Information, "Real-time playback on: live channels relayed into Janus at {JanusUrl}, RTP to {RtpHost}")]
    public static partial void Started(ILogger logger, string janusUrl, string rtpHost);

    [LoggerMessage(804, LogLevel.Information, "Relaying channel {Channel} (broadcast {SessionId}) into Janus: video {VideoMode}, audio {AudioMode}, RTP ports {VideoPort}/{AudioPort}")]
    public static partial void Relaying(ILogger logger, string channel, string sessionId, string videoMode, string audioMode, int videoPort, int audioPort);

    [LoggerMessage(805, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): relay stopped working ({Reason}, {Error}); starting it again in {DelaySeconds} s (HLS plays on)")]
    public static partial void RelayDied(ILogger logger, string channel, string sessionId, string reason, string error, double delaySeconds);

    [LoggerMessage(806, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): relay stopped ({Outcome}) after {Restarts} restarts")]
    public static partial void Stopped(ILogger logger, string channel, string sessionId, string outcome, int restarts);

    [LoggerMessage(807, LogLevel.Error, "Channel {Channel} (broadcast {SessionId}): relay failed")]
    public static partial void Failed(ILogger logger, string channel, string sessionId, Exception exception);

    [LoggerMessage(808, LogLevel.Warning, "Real-time relay round failed; trying again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(809, LogLevel.Debug, "Channel {Channel} (broadcast {SessionId}): relayed by {Owner}")]
    public static partial void HeldElsewhere(ILogger logger, string channel, string sessionId, string owner);
}
