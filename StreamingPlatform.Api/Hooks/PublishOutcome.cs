namespace StreamingPlatform.Api.Hooks;

/// <summary>How a publish or heartbeat was answered; the lowercase name is the telemetry tag value.</summary>
public enum PublishOutcome
{
    Accepted,
    InvalidName,
    MissingKey,
    UnknownChannel,
    WrongKey,
    Duplicate,
    StoreUnavailable,
    NoMedia,
    DiskLow,
    DiskCritical,
    InvalidGrant,
}

public static class PublishOutcomeExtensions
{
    public static string TagValue(this PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.Accepted => "accepted",
        PublishOutcome.InvalidName => "invalid_name",
        PublishOutcome.MissingKey => "missing_key",
        PublishOutcome.UnknownChannel => "unknown_channel",
        PublishOutcome.WrongKey => "wrong_key",
        PublishOutcome.Duplicate => "duplicate",
        PublishOutcome.StoreUnavailable => "store_unavailable",
        PublishOutcome.NoMedia => "no_media",
        PublishOutcome.DiskLow => "disk_low",
        PublishOutcome.DiskCritical => "disk_critical",
        PublishOutcome.InvalidGrant => "invalid_grant",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
