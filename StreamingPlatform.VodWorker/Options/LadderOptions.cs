using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.LiveJobs;

namespace StreamingPlatform.VodWorker.Options;

/// <summary>
/// The quality ladder: which renditions a channel with a ladder gets besides its source, and where the transcoder reads
/// the source and publishes the renditions. Off (no transcoder at all) while <see cref="RtmpBaseUrl"/> is unset.
/// </summary>
public sealed class LadderOptions : LiveJobOptions
{
    public const string Section = "Ladder";

    /// <summary>
    /// nginx-rtmp as the worker reaches it, without an application (for example <c>rtmp://nginx-rtmp:1935</c>): the source
    /// is played from <c>/live/&lt;channel&gt;</c>, each rendition published to <c>/ladder/&lt;channel&gt;-&lt;rendition&gt;</c>.
    /// </summary>
    [RegularExpression(@"^rtmp://[^/?#\s]+\z", ErrorMessage = "Ladder:RtmpBaseUrl must be rtmp://host[:port] without a path.")]
    public string? RtmpBaseUrl { get; set; }

    /// <summary>
    /// The transcoder's credential: nginx asks the Api (its on_play and ladder on_publish hooks) before it lets anyone play
    /// a channel over RTMP or publish a rendition, and the Api admits this secret only. Required with
    /// <see cref="RtmpBaseUrl"/>. It never travels itself: the RTMP URLs carry a short-lived <see cref="LadderToken"/> made from
    /// it as <c>?token=</c> (which nginx's logs leave out), since they stand on FFmpeg's command line.
    /// </summary>
    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Ladder:Secret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string? Secret { get; set; }

    /// <summary>
    /// The renditions below the source; one as tall as the source or taller is left out. Empty means
    /// <see cref="DefaultRenditions"/> (a list default would be appended to, not replaced, by configuration binding).
    /// </summary>
    public List<LadderRenditionOptions> Renditions { get; set; } = [];

    public static IReadOnlyList<LadderRenditionOptions> DefaultRenditions { get; } =
    [
        new() { Name = "480p", Height = 480, VideoKbps = 1000, AudioKbps = 96 },
        new() { Name = "240p", Height = 240, VideoKbps = 300, AudioKbps = 64 },
    ];

    public IReadOnlyList<LadderRenditionOptions> EffectiveRenditions => Renditions.Count > 0 ? Renditions : DefaultRenditions;

    /// <summary>Each rendition valid, names unique (nested items are not checked by data annotations).</summary>
    public bool HasValidRenditions() =>
        EffectiveRenditions.All(r => Validator.TryValidateObject(r, new ValidationContext(r), null, validateAllProperties: true))
        && EffectiveRenditions.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() == EffectiveRenditions.Count;

    /// <summary>x264's preset: <c>veryfast</c> keeps two renditions of a 720p30 source above real time on one core.</summary>
    [RegularExpression(@"^(ultrafast|superfast|veryfast|faster|fast|medium)\z")]
    public string Preset { get; set; } = "veryfast";

    /// <summary>The source's BANDWIDTH in the master playlist when the publisher does not say its bitrate.</summary>
    [Range(100, 100_000)]
    public int SourceKbpsFallback { get; set; } = 4000;

    /// <summary>The channel's RTMP address with a <see cref="LadderToken"/> (never the secret: it would show in <c>ps</c>).</summary>
    public string SourceUrl(string channel, DateTimeOffset now) => $"{RtmpBaseUrl}/live/{channel}?token={LadderToken.Create(Secret!, channel, now)}";

    public string RenditionUrl(string channel, string rendition, DateTimeOffset now)
    {
        var name = RenditionName.For(channel, rendition);
        return $"{RtmpBaseUrl}/ladder/{name}?token={LadderToken.Create(Secret!, name, now)}";
    }

    /// <summary>FFmpeg's messages quote the URLs it opens: the secret is cut out before a line is logged.</summary>
    public string Redact(string text) => Secret is { Length: > 0 } secret ? text.Replace(secret, "***", StringComparison.Ordinal) : text;
}

public sealed class LadderRenditionOptions
{
    /// <summary>Shown in the player's quality menu and part of the stream name (lower-case letters and digits).</summary>
    [Required, RegularExpression(RenditionName.Pattern)]
    public string Name { get; set; } = "";

    [Range(90, 2160)]
    public int Height { get; set; }

    [Range(50, 50_000)]
    public int VideoKbps { get; set; }

    [Range(16, 512)]
    public int AudioKbps { get; set; }
}
