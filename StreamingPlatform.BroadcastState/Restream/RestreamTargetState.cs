using System.Text.Json;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// How the relay of a broadcast to one target is doing, written by the worker that holds its lease:
/// <see cref="Connecting"/>, <see cref="Live"/> (the target accepted the stream and media flows), <see cref="Retrying"/>
/// (with <see cref="LastError"/>, until the next attempt). <see cref="Stopped"/> is what the Api shows when no worker relays it.
/// </summary>
public sealed record RestreamTargetState(string State, string? LastError, DateTimeOffset Since, long BytesSent, int Restarts)
{
    public const string Connecting = "connecting";
    public const string Live = "live";
    public const string Retrying = "retrying";
    public const string Stopped = "stopped";

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Default.RestreamTargetState);

    public static RestreamTargetState? FromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredJson.Default.RestreamTargetState);
}
