namespace StreamingPlatform.Api.Sessions;

/// <summary>What the sessions' helpers beside the hooks log: the media clock and the live-stream gauge.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(60, LogLevel.Warning, "Media clock of channel {Channel} not updated; viewers see the last estimate of the delay")]
    public static partial void ClockNotUpdated(ILogger logger, string channel, Exception exception);

    [LoggerMessage(61, LogLevel.Warning, "Heartbeat of channel {Channel} carried no valid timestamp; its media clock is not updated")]
    public static partial void NoTimestamp(ILogger logger, string channel);

    [LoggerMessage(62, LogLevel.Warning, "Live streams not counted: Redis is unavailable; the gauge keeps its last value")]
    public static partial void LiveCountUnavailable(ILogger logger, Exception exception);
}
