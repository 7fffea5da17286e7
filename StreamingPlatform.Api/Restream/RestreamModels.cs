namespace StreamingPlatform.Api.Restream;

/// <param name="Url">The platform's server address without the key, e.g. <c>rtmp://a.rtmp.youtube.com/live2</c>.</param>
/// <param name="StreamKey">The platform's stream key: stored sealed, never returned or logged.</param>
public sealed record AddRestreamTargetRequest(string? Name, string? Url, string? StreamKey);

public sealed record RestreamEnabledRequest(bool Enabled);

/// <summary>
/// A restream target without its key. <see cref="State"/>: <c>stopped</c> (channel not live, or the target off),
/// <c>connecting</c>, <c>live</c> (the target accepted the stream) or <c>retrying</c> (with <see cref="LastError"/>).
/// </summary>
public sealed record RestreamTargetView(
    string Id, string Name, string Url, bool Enabled, DateTimeOffset CreatedAt,
    string State, string? LastError = null, DateTimeOffset? Since = null, long BytesSent = 0, int Restarts = 0);
