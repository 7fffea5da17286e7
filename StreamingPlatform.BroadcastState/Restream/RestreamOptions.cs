using System.ComponentModel.DataAnnotations;

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
    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Restream:Secret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string? Secret { get; set; }

    /// <summary>How often the worker looks for live channels with enabled targets and renews its leases.</summary>
    [Range(1, 60)]
    public int ScanSeconds { get; set; } = 2;

    /// <summary>A relay's lease not renewed this long lapses, and another worker takes the target over.</summary>
    [Range(3, 600)]
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>Longest wait between two attempts at a target that refused, dropped or could not be reached (1 s, doubled each time).</summary>
    [Range(1, 600)]
    public int MaxRestartDelaySeconds { get; set; } = 30;
}
