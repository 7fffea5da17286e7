namespace StreamingPlatform.Api.Reconciliation;

/// <summary>What the reconciler did; the telemetry tag value <c>streaming.reconcile.outcome</c>.</summary>
public static class ReconcileOutcome
{
    public const string SessionEnded = "session_ended";
    public const string RecordingAttached = "recording_attached";
}
