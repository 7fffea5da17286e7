using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// Restreaming to other platforms, read by the Api (which seals the targets' stream keys) and the VodWorker (which opens
/// them to relay). Off while <see cref="Secret"/> is unset: the Api refuses new targets and the worker relays none.
/// </summary>
public sealed class RestreamOptions
{
    public const string Section = "Restream";

    /// <summary>
    /// Seals every target's stream key in Redis (<see cref="RestreamKeySeal"/>): Redis alone does not reveal a key. The same
    /// value in the Api and the worker (the AppHost's <c>restream-secret</c> parameter); changing it makes the stored keys
    /// unreadable (the targets must be added again).
    /// </summary>
    [SecretSetting(SettingNames.RestreamSecret)]
    public string? Secret { get; set; }
}
