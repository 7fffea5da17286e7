namespace StreamingPlatform.Api.Channels;

public sealed record Channel(string Name, DateTimeOffset CreatedAt);
