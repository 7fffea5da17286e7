namespace StreamingPlatform.BroadcastState.Vods;

/// <summary>
/// A broadcast's VOD in the catalogue (<see cref="StoreKeys.Vod"/>) and beside its files (<see cref="Media.MediaLayout.VodRecordFile"/>).
/// <see cref="Sources"/> are the recordings it was built from, in order; files are relative to the VOD folder.
/// </summary>
public sealed record VodRecord(
    string Id,
    string Channel,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    long SizeBytes,
    string Status,
    IReadOnlyList<string> Sources,
    string? Reason,
    string? VideoFile,
    string? PosterFile,
    DateTimeOffset UpdatedAt);
