namespace StreamingPlatform.VodWorker.Vod;

public static class VodStatus
{
    public const string Ready = "ready";
    public const string Salvaged = "salvaged";
    public const string Failed = "failed";
}

/// <summary>A broadcast's VOD in the catalogue. <see cref="Sources"/> are the recordings it was built from, in order.</summary>
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
