namespace StreamingPlatform.VodWorker.Vod;

internal static partial class VodLog
{
    [LoggerMessage(401, LogLevel.Information, "VOD {SessionId} of channel {Channel} is {Status}: {DurationSeconds:F1} s, {SizeBytes} bytes, from {Parts} recording(s), made in {RemuxSeconds:F2} s, {Codecs}")]
    public static partial void Built(ILogger logger, string sessionId, string channel, string status, double durationSeconds, long sizeBytes, int parts, double remuxSeconds, string codecs);

    [LoggerMessage(402, LogLevel.Information, "VOD {SessionId} of channel {Channel} already holds every recording; nothing to build")]
    public static partial void Unchanged(ILogger logger, string sessionId, string channel);

    [LoggerMessage(403, LogLevel.Error, "VOD {SessionId} of channel {Channel} failed: {Reason}; its recordings are kept in failed/")]
    public static partial void Failed(ILogger logger, string sessionId, string channel, string reason);

    [LoggerMessage(404, LogLevel.Warning, "Recording {FileName} of channel {Channel} cannot be read ({Reason}); moved to failed/")]
    public static partial void Unreadable(ILogger logger, string fileName, string channel, string reason);

    [LoggerMessage(405, LogLevel.Information, "Broadcast {SessionId} of channel {Channel} is over: deleted {Recordings} recording(s) and {HlsFiles} HLS file(s)")]
    public static partial void CleanedUp(ILogger logger, string sessionId, string channel, int recordings, int hlsFiles);

    [LoggerMessage(406, LogLevel.Warning, "Ignored a VOD job with an invalid channel {Channel} or recording {FileName}")]
    public static partial void InvalidJob(ILogger logger, string channel, string? fileName);

    [LoggerMessage(407, LogLevel.Warning, "Recording {FileName} still grew after {WaitSeconds} s; building from it anyway")]
    public static partial void StillGrowing(ILogger logger, string fileName, int waitSeconds);

    [LoggerMessage(408, LogLevel.Warning, "Poster of VOD {SessionId} could not be made: {Reason}")]
    public static partial void PosterFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(410, LogLevel.Warning, "Stale partial files of dead builds could not be deleted; next try in {IntervalSeconds} s")]
    public static partial void PartialCleanupFailed(ILogger logger, int intervalSeconds, Exception exception);

    [LoggerMessage(411, LogLevel.Information, "VOD {SessionId}: waiting for another worker's build of this broadcast")]
    public static partial void WaitingForLock(ILogger logger, string sessionId);

    [LoggerMessage(412, LogLevel.Information, "VOD catalogue: {Restored} entr(y/ies) restored from the {Records} record(s) in the VOD folder ({Invalid} invalid)")]
    public static partial void CatalogueRestored(ILogger logger, int restored, int records, int invalid);

    [LoggerMessage(413, LogLevel.Warning, "VOD catalogue record {File} is not a valid record; skipped")]
    public static partial void InvalidRecord(ILogger logger, string file);

    [LoggerMessage(414, LogLevel.Warning, "VOD catalogue restore failed (Redis unavailable?); next attempt in {IntervalSeconds} s")]
    public static partial void RestoreFailed(ILogger logger, int intervalSeconds, Exception exception);

    [LoggerMessage(415, LogLevel.Information, "Recording {FileName} of channel {Channel} is empty (not one frame was sent); deleted, no VOD")]
    public static partial void EmptyRecording(ILogger logger, string fileName, string channel);

    [LoggerMessage(416, LogLevel.Information, "Broadcast {SessionId} of channel {Channel} recorded nothing; no VOD is listed")]
    public static partial void NothingRecorded(ILogger logger, string sessionId, string channel);

    [LoggerMessage(417, LogLevel.Information, "Broadcast {SessionId} of channel {Channel}: {Recordings} recording(s), VOD {Decision}, broadcast {End}")]
    public static partial void Planned(ILogger logger, string sessionId, string channel, int recordings, string decision, string end);

    [LoggerMessage(418, LogLevel.Information, "Broadcast {SessionId} of channel {Channel} ended at {EndedAt:O}; marked over for {Days} days")]
    public static partial void MarkedEnded(ILogger logger, string sessionId, string channel, DateTimeOffset endedAt, int days);

    [LoggerMessage(420, LogLevel.Warning, "VOD {SessionId} of channel {Channel} not built yet: {Reason}")]
    public static partial void WaitingForSpace(ILogger logger, string sessionId, string channel, string reason);

    [LoggerMessage(421, LogLevel.Information, "VOD {SessionId} of channel {Channel}: disk space is back after {WaitedSeconds:F0} s; building")]
    public static partial void SpaceBack(ILogger logger, string sessionId, string channel, double waitedSeconds);

    [LoggerMessage(422, LogLevel.Warning, "VOD {SessionId} of channel {Channel}: the disk filled up during the remux ({Failure}); waiting for space to try again")]
    public static partial void DiskFilledDuringRemux(ILogger logger, string sessionId, string channel, string failure);

    [LoggerMessage(419, LogLevel.Information, "VOD {SessionId} of channel {Channel} was deleted by an admin: not built again")]
    public static partial void DeletedNotRebuilt(ILogger logger, string sessionId, string channel);

    [LoggerMessage(423, LogLevel.Information, "VOD {SessionId} of channel {Channel} is final ({Status}); the Api is told (webhooks)")]
    public static partial void Finalised(ILogger logger, string sessionId, string channel, string status);
}
