namespace StreamingPlatform.Api.Sessions;

internal static partial class MediaClockLog
{
    [LoggerMessage(60, LogLevel.Warning, "Media clock of channel {Channel} not updated; viewers see the last estimate of the delay")]
    public static partial void NotUpdated(ILogger logger, string channel, Exception exception);

    [LoggerMessage(61, LogLevel.Warning, "Heartbeat of channel {Channel} carried no valid timestamp; its media clock is not updated")]
    public static partial void NoTimestamp(ILogger logger, string channel);
}
