using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// Which codecs a VOD (MP4 in a browser) and live HLS (nginx-rtmp's muxer, hls.js) take as they are: H.264 video and
/// AAC audio. FLV also carries Sorenson (flv1), VP6, screen video, MP3, PCM, Nellymoser, Speex...: those streams are
/// re-encoded for the VOD, and only those; the other stream is copied untouched.
/// </summary>
public static class VodCodecs
{
    public const string H264 = "h264";
    public const string Aac = "aac";

    /// <summary>Whether viewers can watch it live: nginx's HLS holds only H.264 video and AAC audio.</summary>
    public static bool PlayableLive(string? videoCodec, string? audioCodec) =>
        videoCodec == H264 && (audioCodec is null or Aac);

    /// <summary>
    /// The plan for a broadcast's parts: a stream is re-encoded when any part's codec is not the VOD's, or when its
    /// parameters change within the broadcast (<paramref name="changes"/>: one MP4 track holds one set). Video whose
    /// size changes is placed on <paramref name="canvas"/>, which keeps every part's whole picture.
    /// </summary>
    public static CodecPlan Plan(IEnumerable<MediaProbe> parts, ParameterChanges? changes = null, VideoCanvas? canvas = null)
    {
        var probes = parts.ToList();
        changes ??= ParameterChanges.None;
        var videoCodecs = probes.Where(p => p.HasVideo).Select(p => p.VideoCodec ?? "unknown").ToList();
        var audioCodecs = probes.Where(p => p.HasAudio).Select(p => p.AudioCodec ?? "unknown").ToList();
        var video = videoCodecs.FirstOrDefault(c => c != H264) ?? (changes.Video ? videoCodecs.FirstOrDefault() : null);
        var audio = audioCodecs.FirstOrDefault(c => c != Aac) ?? (changes.Audio ? audioCodecs.FirstOrDefault() : null);
        return new CodecPlan(video, audio, changes, video is null ? null : canvas);
    }
}

/// <summary>Whether a broadcast's video or audio parameters (its sequence headers) change within it.</summary>
public sealed record ParameterChanges(bool Video, bool Audio)
{
    public static readonly ParameterChanges None = new(false, false);

    public bool Any => Video || Audio;
}

/// <summary>The one picture size of a re-encoded VOD whose parts differ in size; each part is scaled to fit and padded.</summary>
public sealed record VideoCanvas(int Width, int Height)
{
    /// <summary>The scale-and-pad filter that puts any frame, whole, in the middle of the canvas.</summary>
    public string Filter => $"scale=w={Width}:h={Height}:force_original_aspect_ratio=decrease,pad={Width}:{Height}:(ow-iw)/2:(oh-ih)/2,setsar=1";
}

/// <summary>The codec a stream is re-encoded from, null when it is copied; why (a codec or changing parameters); the canvas.</summary>
public sealed record CodecPlan(string? VideoFrom, string? AudioFrom, ParameterChanges? Changes = null, VideoCanvas? Canvas = null)
{
    public bool CopiesAll => VideoFrom is null && AudioFrom is null;

    public IReadOnlyList<string> Arguments => CopiesAll ? ["-c", "copy"] :
    [
        .. VideoFrom is null ? ["-c:v", "copy"] : new[] { "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p" },
        .. Canvas is null ? [] : new[] { "-vf", Canvas.Filter },
        .. AudioFrom is null ? ["-c:a", "copy"] : new[] { "-c:a", "aac", "-b:a", "128k" },
    ];

    /// <summary>For the log line and the span: what was re-encoded and why, or null when everything was copied.</summary>
    public string? Description => (VideoFrom, AudioFrom) switch
    {
        (null, null) => null,
        ({ } video, null) => $"re-encoded video {video} to {VodCodecs.H264}{Why}",
        (null, { } audio) => $"re-encoded audio {audio} to {VodCodecs.Aac}{Why}",
        ({ } video, { } audio) => $"re-encoded video {video} to {VodCodecs.H264} and audio {audio} to {VodCodecs.Aac}{Why}",
    };

    private string Why => (Changes?.Any ?? false)
        ? $" ({(Changes.Video && Changes.Audio ? "video and audio" : Changes.Video ? "video" : "audio")} parameters change within the broadcast{(Canvas is null ? "" : $"; on a {Canvas.Width}x{Canvas.Height} canvas")})"
        : "";

    /// <summary>The telemetry value: none, video, audio or both.</summary>
    public string TagValue => (VideoFrom, AudioFrom) switch
    {
        (null, null) => "none",
        (_, null) => "video",
        (null, _) => "audio",
        _ => "both",
    };
}
