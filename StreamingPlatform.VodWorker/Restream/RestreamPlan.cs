using System.Security.Cryptography;
using StreamingPlatform.BroadcastState.Restream;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>The restream relay's decisions, pure: the placeholder FFmpeg publishes to, and FFmpeg's command.</summary>
public static class RestreamPlan
{
    private const string PlaceholderCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Random letters and digits, as long as the key: what FFmpeg knows as the stream name (<see cref="RtmpKeyInjector"/>).</summary>
    public static string Placeholder(int length) => RandomNumberGenerator.GetString(PlaceholderCharacters, length);

    /// <summary>
    /// FFmpeg from nginx's RTMP to the worker's loopback proxy on <paramref name="proxyPort"/>, audio and video copied
    /// (<c>-c copy</c>, no re-encode). The RTMP connect names the target's application and address (<c>tcUrl</c>), as if
    /// FFmpeg spoke to it directly; the stream name is the placeholder.
    /// </summary>
    public static IReadOnlyList<string> FfmpegArguments(string sourceUrl, RestreamAddress target, int proxyPort, string placeholder) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats",
        // A source that stops sending (nginx gone, publisher gone) ends FFmpeg within 10 s instead of hanging.
        "-rw_timeout", "10000000",
        "-i", sourceUrl,
        "-map", "0:v?", "-map", "0:a?", "-c", "copy",
        "-f", "flv", "-flvflags", "no_duration_filesize",
        "-rtmp_app", target.App, "-rtmp_tcurl", target.TcUrl, "-rtmp_playpath", placeholder,
        $"rtmp://127.0.0.1:{proxyPort}/{target.App}/{placeholder}",
    ];
}
