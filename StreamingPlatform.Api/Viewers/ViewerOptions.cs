using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Viewers;

/// <summary>Live viewer counts: how often the watch page reports, when a viewer counts as gone, and the caps on made-up ids.</summary>
public sealed class ViewerOptions
{
    public const string Section = "Viewers";

    /// <summary>How often a playing watch page reports its presence (the page reads it from each answer).</summary>
    [Range(1, 60)]
    public int ReportIntervalSeconds { get; set; } = 5;

    /// <summary>A viewer counts as gone this long after its last report: two missed reports and some slack.</summary>
    [Range(2, 600)]
    public int ExpirySeconds { get; set; } = 12;

    /// <summary>
    /// Distinct viewer ids one address (an IPv6 /64) may count on one channel at a time: a household or an office
    /// behind one NAT, not a script making up ids. Beyond it reports are refused (429) and count nothing.
    /// </summary>
    [Range(1, 10_000)]
    public int PerAddressCap { get; set; } = 10;

    /// <summary>
    /// Viewer ids one channel may count at a time, whatever the addresses: bounds the Redis memory of a channel
    /// (about 270 bytes per viewer, bench/presence: some 27 MB at the default) when ids come from very many addresses.
    /// </summary>
    [Range(1, 10_000_000)]
    public int PerChannelCap { get; set; } = 100_000;

    public TimeSpan Expiry => TimeSpan.FromSeconds(ExpirySeconds);
}
