using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>Restream lines name targets by name, id and server address: never by stream key.</summary>
internal static partial class RestreamLog
{
    [LoggerMessage(1601, LogLevel.Information, "Restreaming is off: " + SettingNames.RestreamSecret + " is not set")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(1602, LogLevel.Warning, "Restreaming is off: it plays channels from nginx with the ladder's credentials, and Ladder:RtmpBaseUrl is not set")]
    public static partial void NoSource(ILogger logger);

    [LoggerMessage(1603, LogLevel.Information, "Restreaming on: live channels are copied to their enabled targets")]
    public static partial void Started(ILogger logger);

    [LoggerMessage(1604, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): restreaming to target {TargetName} ({TargetId}) at {TargetAddress}")]
    public static partial void Connecting(ILogger logger, string channel, string sessionId, string targetName, string targetId, string targetAddress);

    [LoggerMessage(1605, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): target {TargetName} ({TargetId}) accepted the stream; live")]
    public static partial void Live(ILogger logger, string channel, string sessionId, string targetName, string targetId);

    [LoggerMessage(1606, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): restreaming to target {TargetName} ({TargetId}) stopped working ({Reason}); trying again in {DelaySeconds} s (the source, HLS, the VOD and the other targets go on)")]
    public static partial void Retrying(ILogger logger, string channel, string sessionId, string targetName, string targetId, string reason, double delaySeconds);

    [LoggerMessage(1607, LogLevel.Information, "Channel {Channel} (broadcast {SessionId}): restreaming to target {TargetName} ({TargetId}) stopped ({Outcome}) after {Restarts} restarts")]
    public static partial void Stopped(ILogger logger, string channel, string sessionId, string targetName, string targetId, string outcome, int restarts);

    [LoggerMessage(1608, LogLevel.Error, "Channel {Channel} (broadcast {SessionId}): restreaming to target {TargetName} ({TargetId}) failed; the next round starts it again")]
    public static partial void Failed(ILogger logger, string channel, string sessionId, string targetName, string targetId, Exception exception);

    [LoggerMessage(1609, LogLevel.Warning, "Restream round failed (Redis unavailable?); running relays go on, trying again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(1610, LogLevel.Debug, "Channel {Channel} (broadcast {SessionId}): target {TargetId} is relayed by {Owner}")]
    public static partial void HeldElsewhere(ILogger logger, string channel, string sessionId, string targetId, string owner);
}
