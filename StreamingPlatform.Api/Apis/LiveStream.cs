namespace StreamingPlatform.Api.Apis;

public sealed record LiveStream(string Name, DateTimeOffset StartedAt, string HlsUrl, string ThumbnailUrl);
