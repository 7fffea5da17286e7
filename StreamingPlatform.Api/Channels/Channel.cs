namespace StreamingPlatform.Api.Channels;

/// <param name="Ladder">Whether its broadcasts get the quality ladder: renditions below the source, a master playlist.</param>
public sealed record Channel(string Name, DateTimeOffset CreatedAt, bool Ladder = false);
