using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.BroadcastState.Realtime;

/// <summary>
/// Real-time playback: the VodWorker relays every live broadcast into a Janus streaming mountpoint named by its channel,
/// and the Api brokers a viewer's WebRTC signalling with Janus (so the browser never talks to Janus and Janus's API
/// secret stays on the server). Off while <see cref="JanusUrl"/> is unset: the page plays HLS. The relay plays the source
/// from nginx with the quality ladder's play URL (<see cref="Ladder.LadderOptions.SourceUrl"/>), so the worker needs
/// <c>Ladder:RtmpBaseUrl</c> and <c>Ladder:Secret</c> as well.
/// </summary>
public sealed class RealtimeOptions : LiveJobOptions
{
    public const string Section = "Realtime";

    public const string ApiSecretRequiredRule = SettingNames.JanusApiSecret + " is required with Realtime:JanusUrl: Janus refuses requests without it.";

    /// <summary>Janus's HTTP API as this service reaches it, for example <c>http://janus:8088/</c> (the path <c>/janus</c> is added).</summary>
    [RegularExpression(@"^https?://[^?#\s]+/\z", ErrorMessage = "Realtime:JanusUrl must be http(s)://host:port/ ending in a slash.")]
    public string? JanusUrl { get; set; }

    /// <summary>Janus's API secret (its <c>api_secret</c>); required with <see cref="JanusUrl"/>.</summary>
    [SecretSetting(SettingNames.JanusApiSecret)]
    public string? ApiSecret { get; set; }

    public bool Enabled => JanusUrl is not null && ApiSecret is not null;

    public bool HasApiSecretWhereNeeded() => JanusUrl is null || ApiSecret is not null;

    /// <summary>Where FFmpeg sends the RTP: Janus's address as the worker reaches it.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9.:_-]{1,253}\z")]
    public string RtpHost { get; set; } = "127.0.0.1";

    /// <summary>The address Janus binds each mountpoint's RTP ports to (loopback when Janus runs beside the worker); unset: every address.</summary>
    [RegularExpression(@"^[0-9A-Fa-f.:]{2,45}\z")]
    public string? MountpointAddress { get; set; }

    /// <summary>Opus bitrate of the relayed audio (WebRTC has no AAC).</summary>
    [Range(16, 256)]
    public int OpusKbps { get; set; } = 64;
}
