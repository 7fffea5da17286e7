namespace StreamingPlatform.Api.Recordings;

public enum RecordDoneOutcome
{
    Queued,
    InvalidPath,
    StoreUnavailable,
}
