using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.Api.Options;

/// <summary>
/// The quality ladder's transcoder (in the VodWorker) plays channels from nginx and publishes renditions back; nginx asks
/// the Api first (on_play, and on_publish of its ladder application), and the Api admits only this secret, which the
/// worker has too. Unset: the ladder is off and every RTMP play and rendition publish is refused.
/// </summary>
public sealed class LadderOptions
{
    public const string Section = "Ladder";

    [RegularExpression(@"^[A-Za-z0-9._~-]{16,}\z", ErrorMessage = "Ladder:Secret must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).")]
    public string? Secret { get; set; }
}
