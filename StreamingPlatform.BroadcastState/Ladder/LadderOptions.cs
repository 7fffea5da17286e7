using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.BroadcastState.Ladder;

/// <summary>
/// The quality ladder: which renditions a channel with a ladder gets besides its source, and where the transcoder (in the
/// VodWorker) reads the source and publishes the renditions. Off (no transcoder at all) while <see cref="RtmpBaseUrl"/> is
/// unset. The Api reads <see cref="Secret"/> only: nginx asks it (on_play, and on_publish of its ladder application) and it
/// admits this secret's tokens alone; unset, every RTMP play and rendition publish is refused.
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
    [SecretSetting(SettingNames.LadderSecret)]
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

    public const string RenditionsRule = "Ladder:Renditions: each needs a unique Name (a-z 0-9), a Height of 90 to 2160, VideoKbps and AudioKbps.";

    public const string SecretRequiredRule = SettingNames.LadderSecret + " is required with Ladder:RtmpBaseUrl: nginx admits the transcoder by it.";

    /// <summary>Each rendition valid, names unique (nested items are not checked by data annotations).</summary>
    public bool HasValidRenditions() =>
        EffectiveRenditions.All(r => Validator.TryValidateObject(r, new ValidationContext(r), null, validateAllProperties: true))
        && EffectiveRenditions.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() == EffectiveRenditions.Count;

    /// <summary>The source's BANDWIDTH in the master playlist when the publisher does not say its bitrate.</summary>
    [Range(100, 100_000)]
    public int SourceKbpsFallback { get; set; } = 4000;

    public bool HasSecretWhereNeeded() => RtmpBaseUrl is null || Secret is not null;

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
