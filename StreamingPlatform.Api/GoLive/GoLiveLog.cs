namespace StreamingPlatform.Api.GoLive;

/// <summary>Browser broadcasts, by channel and client address: the stream key and the publish grant are never logged.</summary>
internal static partial class GoLiveLog
{
    [LoggerMessage(1001, LogLevel.Information, "Browser broadcast starting: channel {Channel}, from {Address}")]
    public static partial void Starting(ILogger logger, string channel, string address);

    [LoggerMessage(1002, LogLevel.Warning, "Browser broadcast refused: channel {Channel}, from {Address}, reason {Reason}")]
    public static partial void Refused(ILogger logger, string channel, string address, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Browser broadcast live: channel {Channel}, session {SessionId}")]
    public static partial void Live(ILogger logger, string channel, string? sessionId);

    [LoggerMessage(1004, LogLevel.Information, "Browser broadcast ended: channel {Channel}, {Bytes} bytes received in {Seconds:F1} s, {Reason}")]
    public static partial void Ended(ILogger logger, string channel, long bytes, double seconds, string reason);

    [LoggerMessage(1005, LogLevel.Warning, "Browser broadcast's FFmpeg for channel {Channel} exited with {ExitCode}: {Output}")]
    public static partial void FfmpegFailed(ILogger logger, string channel, int exitCode, string output);
}
