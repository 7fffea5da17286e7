namespace StreamingPlatform.Api.Realtime;

internal static partial class RealtimeLog
{
    [LoggerMessage(901, LogLevel.Information, "Real-time viewer of {Channel} (broadcast {SessionId}): offer sent, Janus session {JanusSession}")]
    public static partial void Offered(ILogger logger, string channel, string sessionId, long janusSession);

    [LoggerMessage(902, LogLevel.Warning, "Real-time viewer of {Channel}: Janus has no mountpoint for it (relay not running); the page plays HLS")]
    public static partial void NoMountpoint(ILogger logger, string channel);

    [LoggerMessage(903, LogLevel.Warning, "Real-time viewer of {Channel}: Janus unreachable or failing ({Reason}); the page plays HLS")]
    public static partial void JanusFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(904, LogLevel.Information, "Real-time viewer of {Channel}: Janus session {JanusSession} refused ({Reason})")]
    public static partial void Refused(ILogger logger, string channel, long janusSession, string reason);
}
