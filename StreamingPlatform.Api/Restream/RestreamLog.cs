namespace StreamingPlatform.Api.Restream;

/// <summary>Restream target changes, by channel, target name, id and server address: stream keys are never logged.</summary>
internal static partial class RestreamLog
{
    [LoggerMessage(1651, LogLevel.Information, "Channel {Channel}: restream target {TargetName} ({TargetId}) added, to {TargetAddress}")]
    public static partial void Added(ILogger logger, string channel, string targetName, string targetId, string targetAddress);

    [LoggerMessage(1652, LogLevel.Information, "Channel {Channel}: restream target {TargetId} switched {State}")]
    public static partial void Switched(ILogger logger, string channel, string targetId, string state);

    [LoggerMessage(1653, LogLevel.Information, "Channel {Channel}: restream target {TargetId} removed")]
    public static partial void Removed(ILogger logger, string channel, string targetId);

    [LoggerMessage(1654, LogLevel.Warning, "Channel {Channel}: restream target refused: {Problem}")]
    public static partial void Refused(ILogger logger, string channel, string problem);
}
