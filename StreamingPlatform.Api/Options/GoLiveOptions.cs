using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>
/// Going live from the browser: the Go live page streams its camera over a WebSocket to the Api, whose FFmpeg publishes
/// it to nginx-rtmp's <c>live</c> application like any RTMP app. Off (the WebSocket answers 503) while
/// <see cref="RtmpBaseUrl"/> is unset.
/// </summary>
public sealed class GoLiveOptions
{
    public const string Section = "GoLive";

    /// <summary>nginx-rtmp as the Api reaches it, without an application (for example <c>rtmp://nginx-rtmp:1935</c>).</summary>
    [RegularExpression(@"^rtmp://[^/?#\s]+\z", ErrorMessage = "GoLive:RtmpBaseUrl must be rtmp://host[:port] without a path.")]
    public string? RtmpBaseUrl { get; set; }

    /// <summary>Browser broadcasts this Api runs at once (each is an x264 encode: about a third of a core at 720p30).</summary>
    [Range(1, 1000)]
    public int MaxBroadcasts { get; set; } = 4;

    /// <summary>x264's preset for the re-encode.</summary>
    [RegularExpression(@"^(ultrafast|superfast|veryfast|faster|fast|medium)\z")]
    public string Preset { get; set; } = "veryfast";

    /// <summary>The video's peak bitrate (x264 VBV); the audio is AAC at 128 kb/s.</summary>
    [Range(200, 20_000)]
    public int VideoKbps { get; set; } = 2500;

    /// <summary>The longest side of the picture sent on; a larger camera picture is scaled down.</summary>
    [Range(144, 2160)]
    public int MaxSize { get; set; } = 1280;

    /// <summary>How long the page has, once connected, to send its stream key.</summary>
    [Range(1, 120)]
    public int KeyWaitSeconds { get; set; } = 10;

    public bool Enabled => RtmpBaseUrl is not null;

    /// <summary>Where the FFmpeg publishes: the grant (single use, short-lived) stands in for the key on its command line.</summary>
    public string PublishUrl(string channel, string grant, string? traceParent) =>
        $"{RtmpBaseUrl}/live/{channel}?grant={grant}" + (traceParent is null ? "" : $"&traceparent={traceParent}");
}
