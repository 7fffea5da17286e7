using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>
/// Real-time playback: the Api brokers a viewer's WebRTC signalling with Janus, so the browser never talks to
/// Janus and Janus's API secret stays here. Unset <see cref="JanusUrl"/>: real time is off and the page plays HLS.
/// </summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>Janus's HTTP API as the Api reaches it, for example <c>http://janus:8088/</c>.</summary>
    [RegularExpression(@"^https?://[^?#\s]+/\z", ErrorMessage = "Realtime:JanusUrl must be http(s)://host:port/ ending in a slash.")]
    public string? JanusUrl { get; set; }

    /// <summary>Janus's API secret; required with <see cref="JanusUrl"/>.</summary>
    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Realtime:ApiSecret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string? ApiSecret { get; set; }

    public bool Enabled => JanusUrl is not null && ApiSecret is not null;
}
