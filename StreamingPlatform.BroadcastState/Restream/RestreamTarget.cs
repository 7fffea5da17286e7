using System.Text.Json;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// A channel's restream target as stored (<see cref="StoreKeys.RestreamTargets"/>): where to send a copy of its broadcasts
/// and the stream key, sealed (<see cref="RestreamKeySeal"/>). <see cref="Url"/> is the server address without the key.
/// </summary>
public sealed record RestreamTarget(string Id, string Name, string Url, bool Enabled, DateTimeOffset CreatedAt, string SealedKey)
{
    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Default.RestreamTarget);

    public static RestreamTarget? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredJson.Default.RestreamTarget);
}
