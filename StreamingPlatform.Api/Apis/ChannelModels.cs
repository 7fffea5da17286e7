namespace StreamingPlatform.Api.Apis;

public sealed record CreateChannelRequest(string Name);

public sealed record ChannelSummary(string Name, DateTimeOffset CreatedAt, bool Live, bool Ladder = false);

/// <summary>Turns the channel's quality ladder on or off; it applies from the channel's next publish.</summary>
public sealed record LadderSettingRequest(bool Enabled);

/// <summary>
/// Returned once, when a key is made. For OBS-style apps: server <see cref="ServerUrl"/> and stream key
/// <see cref="StreamPath"/>; for apps that take one address: <see cref="PublishUrl"/>, also as a QR code (PNG data URL).
/// </summary>
public sealed record ChannelCredentials(string Name, string StreamKey, string ServerUrl, string StreamPath, string PublishUrl, string PublishQrCode);
