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

    /// <summary>The plan for a broadcast's parts: a stream is re-encoded when any part's codec is not the VOD's.</summary>
    public static CodecPlan Plan(IEnumerable<MediaProbe> parts)
    {
        var probes = parts.ToList();
        var video = probes.Where(p => p.HasVideo).Select(p => p.VideoCodec ?? "unknown").FirstOrDefault(c => c != H264);
        var audio = probes.Where(p => p.HasAudio).Select(p => p.AudioCodec ?? "unknown").FirstOrDefault(c => c != Aac);
        return new CodecPlan(video, audio);
    }
}

/// <summary>The codec a stream is re-encoded from, null when it is copied.</summary>
public sealed record CodecPlan(string? VideoFrom, string? AudioFrom)
{
    public bool CopiesAll => VideoFrom is null && AudioFrom is null;

    public IReadOnlyList<string> Arguments => CopiesAll ? ["-c", "copy"] :
    [
        .. VideoFrom is null ? ["-c:v", "copy"] : new[] { "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p" },
        .. AudioFrom is null ? ["-c:a", "copy"] : new[] { "-c:a", "aac", "-b:a", "128k" },
    ];

    /// <summary>For the log line and the span: what was re-encoded, or null when everything was copied.</summary>
    public string? Description => (VideoFrom, AudioFrom) switch
    {
        (null, null) => null,
        ({ } video, null) => $"re-encoded video {video} to {VodCodecs.H264}",
        (null, { } audio) => $"re-encoded audio {audio} to {VodCodecs.Aac}",
        ({ } video, { } audio) => $"re-encoded video {video} to {VodCodecs.H264} and audio {audio} to {VodCodecs.Aac}",
    };

    /// <summary>The telemetry value: none, video, audio or both.</summary>
    public string TagValue => (VideoFrom, AudioFrom) switch
    {
        (null, null) => "none",
        (_, null) => "video",
        (null, _) => "audio",
        _ => "both",
    };
}
