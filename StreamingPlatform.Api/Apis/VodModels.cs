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
    string? PosterUrl);

public sealed record VodPage(IReadOnlyList<Vod> Items, int Page, int PageSize, long Total);
