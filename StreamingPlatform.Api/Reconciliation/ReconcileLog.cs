namespace StreamingPlatform.Api.Reconciliation;

/// <summary>One line per thing the reconciler catches up on, with channel and session id.</summary>
internal static partial class ReconcileLog
{
    [LoggerMessage(401, LogLevel.Information, "Lease of channel {Channel}, session {SessionId}, ran out without a publish_done; the broadcast ends unless a heartbeat renews it within {WaitSeconds} s")]
    public static partial void LeaseLapsed(ILogger logger, string channel, string sessionId, double waitSeconds);

    [LoggerMessage(402, LogLevel.Warning, "Reconciled: channel {Channel}, session {SessionId} sent no heartbeat for {MissingSeconds:F0} s after its lease ran out; ended as its lost publish_done would have (reconnect grace {GraceSeconds} s)")]
    public static partial void SessionEnded(ILogger logger, string channel, string sessionId, double missingSeconds, double graceSeconds);

    [LoggerMessage(403, LogLevel.Warning, "Reconciled: recording {FileName} of channel {Channel} was never announced by record_done; attached to session {SessionId} and its VOD job queued")]
    public static partial void RecordingAttached(ILogger logger, string fileName, string channel, string sessionId);

    [LoggerMessage(404, LogLevel.Error, "Reconcile pass failed; retried in {IntervalSeconds} s")]
    public static partial void PassFailed(ILogger logger, double intervalSeconds, Exception exception);
}
