using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

public sealed class LiveSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How long a live session holds its name without a heartbeat. nginx sends on_update every
    /// HOOK_UPDATE_INTERVAL (5 s in the container), so the default survives two lost heartbeats.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 15;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
