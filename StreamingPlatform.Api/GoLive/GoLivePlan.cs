using System.Globalization;
using System.Text.RegularExpressions;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.GoLive;

/// <summary>
/// The FFmpeg that turns a browser's MediaRecorder stream (WebM or fragmented MP4 on stdin, whatever codecs the browser
/// chose) into an RTMP publish. Video is always re-encoded: MediaRecorder puts keyframes where it likes (seconds apart, or
/// only the first), while HLS's 1 s fragments and the real-time relay's copy need one every second and no B-frames.
/// </summary>
public static partial class GoLivePlan
{
    public static IReadOnlyList<string> FfmpegArguments(GoLiveOptions options, string publishUrl)
    {
        var size = options.MaxSize.ToString(CultureInfo.InvariantCulture);
        var kbps = options.VideoKbps.ToString(CultureInfo.InvariantCulture);
        return
        [
            "-hide_banner", "-loglevel", "warning",
            // Start as soon as the container's header and a little media are in: the defaults wait for 5 MB or 5 s.
            "-probesize", "65536", "-analyzeduration", "500000", "-fflags", "+genpts",
            "-i", "pipe:0",
            "-map", "0:v:0", "-map", "0:a:0?",
            "-vf", $"scale='min(iw,{size})':'min(ih,{size})':force_original_aspect_ratio=decrease:force_divisible_by=2",
            "-c:v", "libx264", "-preset", options.Preset, "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-bf", "0",
            "-force_key_frames", "expr:gte(t,n_forced*1)", "-crf", "23", "-maxrate", $"{kbps}k", "-bufsize", $"{kbps}k",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
            "-f", "flv", "-flvflags", "no_duration_filesize", publishUrl,
        ];
    }

    /// <summary>FFmpeg's messages quote the URL it opens: the grant is cut out before a line is logged.</summary>
    public static string Redact(string line) => GrantArgument().Replace(line, "grant=***");

    [GeneratedRegex(@"grant=[^&\s]*", RegexOptions.CultureInvariant)]
    private static partial Regex GrantArgument();
}
