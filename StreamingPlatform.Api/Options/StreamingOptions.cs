using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Media;

namespace StreamingPlatform.Api.Options;

/// <summary>The public addresses viewers and publishers use.</summary>
public sealed class StreamingOptions
{
    public const string Section = "Streaming";

    /// <summary>Where nginx serves HLS to viewers, for example https://media.example.com/hls.</summary>
    [Required, Url]
    public string HlsBaseUrl { get; set; } = "";

    /// <summary>The RTMP application phones publish to, for example rtmp://media.example.com:1935/live.</summary>
    [Required]
    [RegularExpression("^rtmps?://.+", ErrorMessage = "Streaming:RtmpBaseUrl must start with rtmp:// or rtmps://.")]
    public string RtmpBaseUrl { get; set; } = "";

    public string HlsUrl(string name) => HlsLayout.Url(HlsBaseUrl, HlsLayout.LivePlaylist(name));

    public string DvrUrl(string name) => HlsLayout.Url(HlsBaseUrl, HlsLayout.DvrPlaylist(name));

    public string RtmpUrl(string name) => $"{RtmpBaseUrl.TrimEnd('/')}/{name}";

    /// <summary>An absolute address of the web app or the API: they share the HLS origin (nginx's front).</summary>
    public string PublicUrl(string path) => new Uri(new Uri(HlsBaseUrl), path).ToString();
}
