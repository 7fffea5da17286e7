using System.ComponentModel.DataAnnotations;
using StreamingPlatform.VodWorker.LiveJobs;

namespace StreamingPlatform.VodWorker.Options;

/// <summary>
/// Real-time playback: every live broadcast is relayed into a Janus streaming mountpoint named by its channel.
/// Off while <see cref="JanusUrl"/> is unset. The relay plays the source from nginx with the quality ladder's play URL
/// (<see cref="LadderOptions.SourceUrl"/>), so it needs <c>Ladder:RtmpBaseUrl</c> and <c>Ladder:Secret</c> as well.
/// </summary>
/// <remarks><see cref="LiveJobOptions.ScanSeconds"/> is also how often each relay checks its mountpoint in Janus.</remarks>
public sealed class RealtimeOptions : LiveJobOptions
{
    public const string Section = "Realtime";

    /// <summary>Janus's HTTP API as the worker reaches it, for example <c>http://janus:8088/</c> (the path <c>/janus</c> is added).</summary>
    [RegularExpression(@"^https?://[^?#\s]+/\z", ErrorMessage = "Realtime:JanusUrl must be http(s)://host:port/ ending in a slash.")]
    public string? JanusUrl { get; set; }

    /// <summary>Janus's API secret (its <c>api_secret</c>); required with <see cref="JanusUrl"/>.</summary>
    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Realtime:ApiSecret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string? ApiSecret { get; set; }

    /// <summary>Where FFmpeg sends the RTP: Janus's address as the worker reaches it.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9.:_-]{1,253}\z")]
    public string RtpHost { get; set; } = "127.0.0.1";

    /// <summary>The address Janus binds each mountpoint's RTP ports to (loopback when Janus runs beside the worker); unset: every address.</summary>
    [RegularExpression(@"^[0-9A-Fa-f.:]{2,45}\z")]
    public string? MountpointAddress { get; set; }

    /// <summary>Opus bitrate of the relayed audio (WebRTC has no AAC).</summary>
    [Range(16, 256)]
    public int OpusKbps { get; set; } = 64;

    /// <summary>x264 preset when the source has B-frames (WebRTC cannot carry them) and must be re-encoded.</summary>
    [RegularExpression(@"^(ultrafast|superfast|veryfast|faster|fast|medium)\z")]
    public string Preset { get; set; } = "veryfast";
}
