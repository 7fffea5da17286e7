using StreamingPlatform.BroadcastState.Security;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// A target's stream key as stored: sealed (<see cref="SecretSeal"/>) under <see cref="RestreamOptions.Secret"/>, bound to
/// its channel and target id (a sealed key copied onto another target does not open).
/// </summary>
public sealed class RestreamKeySeal(string secret)
{
    private readonly SecretSeal _seal = new(secret, "StreamingPlatform restream target stream key");

    public string Seal(string channel, string targetId, string streamKey) => _seal.Seal(Owner(channel, targetId), streamKey);

    /// <summary>The stream key, or null when it was sealed under another secret or for another target, or was altered.</summary>
    public string? Open(string channel, string targetId, string sealedKey) => _seal.Open(Owner(channel, targetId), sealedKey);

    private static string Owner(string channel, string targetId) => $"{channel}\n{targetId}";
}
