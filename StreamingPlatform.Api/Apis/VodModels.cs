namespace StreamingPlatform.Api.Apis;

public sealed record Vod(
    string Id,
    string Channel,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    long SizeBytes,
    string Status,
    string? Reason,
    string? VideoUrl,
    string? DownloadUrl,
    string? PosterUrl)
{
    /// <summary>The most viewers the broadcast had at once while it was live.</summary>
    public long PeakViewers { get; init; }
}

public sealed record VodPage(IReadOnlyList<Vod> Items, int Page, int PageSize, long Total);
