namespace StreamingPlatform.Api.Hooks;

/// <summary>One line per hook decision. Never pass a stream key, the hook secret or a raw hook form.</summary>
internal static partial class HookLog
{
    [LoggerMessage(1, LogLevel.Information, "Publish accepted: channel {Channel}, session {SessionId}, node {Node}, client {ClientId}")]
    public static partial void PublishAccepted(ILogger logger, string channel, string sessionId, string node, string clientId);

    [LoggerMessage(2, LogLevel.Warning, "Publish refused: channel {Channel}, reason {Reason}, node {Node}, client {ClientId}")]
    public static partial void PublishRefused(ILogger logger, string channel, string reason, string node, string? clientId);

    [LoggerMessage(3, LogLevel.Error, "Publish refused: channel {Channel}, Redis is unavailable so the session cannot be recorded")]
    public static partial void PublishRefusedStoreUnavailable(ILogger logger, string channel, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Hook {Call} refused: invalid stream name {Name} ({Rule})")]
    public static partial void InvalidName(ILogger logger, string call, string name, string rule);

    [LoggerMessage(5, LogLevel.Debug, "Heartbeat renewed the lease of channel {Channel}")]
    public static partial void HeartbeatRenewed(ILogger logger, string channel);

    [LoggerMessage(6, LogLevel.Warning, "Heartbeat of channel {Channel} refused: {Reason}; nginx drops the publisher")]
    public static partial void HeartbeatRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Heartbeat of channel {Channel} found its lease gone (the Api or Redis was away); the name was claimed again for session {SessionId}")]
    public static partial void HeartbeatReclaimed(ILogger logger, string channel, string sessionId);

    [LoggerMessage(8, LogLevel.Error, "Heartbeat of channel {Channel} could not renew its lease: Redis is unavailable; the stream goes on")]
    public static partial void HeartbeatStoreUnavailable(ILogger logger, string channel, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Publish done: channel {Channel}, session {SessionId} disconnected after {DurationSeconds:F1} s; the broadcast ends unless it reconnects within {GraceSeconds} s")]
    public static partial void SessionEnded(ILogger logger, string channel, string sessionId, double durationSeconds, double graceSeconds);

    [LoggerMessage(10, LogLevel.Information, "Publish done: channel {Channel}, node {Node}, client {ClientId} held no session (a refused publisher or an expired lease)")]
    public static partial void PublishDoneWithoutSession(ILogger logger, string channel, string node, string? clientId);

    [LoggerMessage(11, LogLevel.Error, "Publish done: channel {Channel} could not end its session: Redis is unavailable; its lease will expire")]
    public static partial void PublishDoneStoreUnavailable(ILogger logger, string channel, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Recording finished: channel {Channel}, session {SessionId}, file {FileName}; VOD job queued")]
    public static partial void RecordingQueued(ILogger logger, string channel, string sessionId, string fileName);

    [LoggerMessage(14, LogLevel.Information, "Publish resumed: channel {Channel} reconnected within the grace window and continues session {SessionId}, node {Node}, client {ClientId}")]
    public static partial void PublishResumed(ILogger logger, string channel, string sessionId, string node, string clientId);

    [LoggerMessage(15, LogLevel.Warning, "Recording refused: channel {Channel}, path {Path}: {Reason}")]
    public static partial void RecordingRefused(ILogger logger, string channel, string path, string reason);

    [LoggerMessage(16, LogLevel.Error, "Recording of channel {Channel}, file {FileName}, not queued: Redis is unavailable; the reconciler will find it")]
    public static partial void RecordingStoreUnavailable(ILogger logger, string channel, string fileName, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Hook call to {Path} from {RemoteAddress} refused: hook secret missing or wrong")]
    public static partial void HookSecretRejected(ILogger logger, string path, string? remoteAddress);

    [LoggerMessage(32, LogLevel.Information, "Hook {Call} admitted the ladder's transcoder: stream {Name}, client {ClientId}")]
    public static partial void LadderAdmitted(ILogger logger, string call, string name, string? clientId);

    [LoggerMessage(33, LogLevel.Warning, "Hook {Call} refused stream {Name} to {Address}: {Reason}; only the ladder's transcoder plays or publishes renditions over RTMP")]
    public static partial void LadderRefused(ILogger logger, string call, string name, string? address, string reason);

    [LoggerMessage(18, LogLevel.Error, "Publish refused: channel {Channel}, the media disk is low: {Disk}")]
    public static partial void PublishRefusedDiskLow(ILogger logger, string channel, string disk);

    [LoggerMessage(19, LogLevel.Error, "Heartbeat of channel {Channel} refused, nginx drops the publisher before the media disk is full: {Disk}")]
    public static partial void HeartbeatRefusedDiskCritical(ILogger logger, string channel, string disk);

    [LoggerMessage(31, LogLevel.Warning, "Hook {Call} refused: its form could not be read ({Problem})")]
    public static partial void MalformedForm(ILogger logger, string call, string problem);

    [LoggerMessage(20, LogLevel.Warning, "Publish grant refused: channel {Channel}, {Reason}")]
    public static partial void GrantRefused(ILogger logger, string channel, string reason);
}
