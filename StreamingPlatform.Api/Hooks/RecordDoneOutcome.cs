namespace StreamingPlatform.Api.Hooks;

public enum RecordDoneOutcome
{
    Queued,
    InvalidPath,
    StoreUnavailable,
}
