namespace StreamingPlatform.Api.Channels;

/// <summary>Channel changes, by name only: keys are never logged.</summary>
internal static partial class ChannelLog
{
    [LoggerMessage(101, LogLevel.Information, "Channel {Channel} created")]
    public static partial void Created(ILogger logger, string channel);

    [LoggerMessage(102, LogLevel.Information, "Channel {Channel}: stream key rotated")]
    public static partial void KeyRotated(ILogger logger, string channel);

    [LoggerMessage(103, LogLevel.Information, "Channel {Channel} deleted")]
    public static partial void Deleted(ILogger logger, string channel);

    [LoggerMessage(104, LogLevel.Information, "Development channel {Channel} created from configuration")]
    public static partial void DevelopmentChannelCreated(ILogger logger, string channel);

    [LoggerMessage(105, LogLevel.Error, "Development channel {Channel} is not a valid name ({Rule}); not created")]
    public static partial void DevelopmentChannelInvalid(ILogger logger, string channel, string rule);

    [LoggerMessage(106, LogLevel.Warning, "Development channel {Channel} not created yet: Redis is unavailable; retrying")]
    public static partial void DevelopmentChannelWaiting(ILogger logger, string channel, Exception exception);

    [LoggerMessage(107, LogLevel.Information, "Channel {Channel}: quality ladder set to {Enabled}, from its next publish")]
    public static partial void LadderSet(ILogger logger, string channel, bool enabled);

    [LoggerMessage(109, LogLevel.Warning, "Development channel {Channel} still had the key once printed in the README: it now has this machine's key (the AppHost's development-stream-key parameter, shown on /admin)")]
    public static partial void DevelopmentChannelRekeyed(ILogger logger, string channel);

    [LoggerMessage(108, LogLevel.Warning, "Channel {Channel} (broadcast {SessionId}): its quality ladder could not be marked (Redis unavailable); it plays its source only")]
    public static partial void LadderMarkFailed(ILogger logger, string channel, string sessionId, Exception exception);
}
