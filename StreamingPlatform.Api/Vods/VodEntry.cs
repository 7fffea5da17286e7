namespace StreamingPlatform.Api.Vods;

/// <summary>A broadcast's VOD as the VodWorker recorded it in the catalogue. Files are relative to the VOD folder.</summary>
public sealed record VodEntry(
    string Id,
    string Channel,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    long SizeBytes,
    string Status,
    int Parts,
    string? Reason,
    string? VideoFile,
    string? PosterFile,
    DateTimeOffset UpdatedAt);
