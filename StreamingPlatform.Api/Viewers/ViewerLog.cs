namespace StreamingPlatform.Api.Viewers;

internal static partial class ViewerLog
{
    [LoggerMessage(701, LogLevel.Warning,
        "Presence reports of new viewer ids refused on channel {Channel}: {Reason} ({Refused} refused in the last minute on this Api, this one from {Address})")]
    public static partial void Refused(ILogger logger, string channel, string reason, long refused, string address);

    [LoggerMessage(702, LogLevel.Warning, "Viewer counts not refreshed: Redis is unavailable")]
    public static partial void CountUnavailable(ILogger logger, Exception exception);
}
