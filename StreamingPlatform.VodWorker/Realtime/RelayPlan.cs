using System.Text.Json.Nodes;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>What ffprobe said about a live source: whether its H.264 can be copied into WebRTC, whether it has audio.</summary>
public sealed record RelaySource(bool CopyVideo, bool HasAudio);

/// <summary>The relay's decisions, pure: reading the probe, the mountpoint, and FFmpeg's command.</summary>
public static class RelayPlan
{
    public const int VideoPayloadType = 96;
    public const int AudioPayloadType = 111;

    /// <summary>
    /// WebRTC plays H.264 without B-frames only (frames must arrive in display order): the source is copied when its
    /// (first) video is H.264 with <c>has_b_frames</c> 0, and re-encoded otherwise. Null without a video stream.
    /// </summary>
    public static RelaySource? Source(MediaProbe probe) =>
        probe.Streams.FirstOrDefault(s => s.Type == "video") is { } video
            ? new RelaySource(video.Codec == "h264" && (video.BFrames ?? 1) == 0, probe.Streams.Any(s => s.Type == "audio"))
            : null;

    /// <summary>The streaming plugin's <c>create</c> request: an RTP mountpoint named by the channel, ports chosen by Janus.</summary>
    public static JsonObject CreateMountpoint(string channel, string broadcastId, string? bindAddress)
    {
        var video = new JsonObject
        {
            ["type"] = "video", ["mid"] = "v", ["codec"] = "h264", ["pt"] = VideoPayloadType, ["port"] = 0,
            ["fmtp"] = "profile-level-id=42e01f;packetization-mode=1",
        };
        var audio = new JsonObject { ["type"] = "audio", ["mid"] = "a", ["codec"] = "opus", ["pt"] = AudioPayloadType, ["port"] = 0 };
        if (bindAddress is not null)
        {
            video["iface"] = bindAddress;
            audio["iface"] = bindAddress;
        }

        return new JsonObject
        {
            ["request"] = "create", ["type"] = "rtp", ["id"] = channel, ["description"] = broadcastId,
            ["media"] = new JsonArray(video, audio),
            // A viewer who joins gets the latest keyframe at once instead of waiting up to a GOP for the next one.
            ["videobufferkf"] = true,
        };
    }

    /// <summary>The video and audio ports Janus picked, from its answer to <see cref="CreateMountpoint"/>.</summary>
    public static (int Video, int Audio)? Ports(JsonObject created)
    {
        if (created["stream"]?["ports"] is not JsonArray ports)
        {
            return null;
        }

        int? Port(string type) => ports.FirstOrDefault(p => (string?)p?["type"] == type)?["port"]?.GetValue<int>();
        return Port("video") is { } video && Port("audio") is { } audio ? (video, audio) : null;
    }

    /// <summary>Janus got the relay's video recently (its <c>info</c>: each media's <c>age_ms</c> since the last packet).</summary>
    public static bool Receiving(JsonObject info, TimeSpan within) =>
        info["media"] is JsonArray media
        && media.Any(m => (string?)m?["type"] == "video" && m?["age_ms"] is { } age && age.GetValue<long>() <= within.TotalMilliseconds);

    /// <summary>
    /// FFmpeg from nginx's RTMP to Janus's RTP: video copied (or x264 without B-frames, keyframes where the source has
    /// them), audio to Opus 48 kHz stereo, one RTP output each. No input buffering: every frame leaves as it arrives.
    /// </summary>
    public static IReadOnlyList<string> FfmpegArguments(string sourceUrl, RelaySource source, int videoPort, int audioPort, RealtimeOptions options)
    {
        List<string> arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "warning", "-rw_timeout", "10000000",
            "-fflags", "nobuffer", "-flags", "low_delay", "-probesize", "500000", "-analyzeduration", "1000000",
            "-i", sourceUrl,
            "-map", "0:v:0",
        ];
        // FLV keeps H.264's parameter sets out of band, and Janus's SDP does not carry them: the bitstream filter puts them
        // in front of every keyframe, so a viewer who joins at any keyframe can decode (x264 repeats them by itself).
        arguments.AddRange(source.CopyVideo
            ? ["-c:v", "copy", "-bsf:v", "h264_mp4toannexb"]
            : ["-c:v", "libx264", "-preset", options.Preset, "-tune", "zerolatency", "-bf", "0", "-profile:v", "baseline",
               "-force_key_frames", "source", "-pix_fmt", "yuv420p"]);
        arguments.AddRange(["-payload_type", VideoPayloadType.ToString(), "-f", "rtp", RtpUrl(options.RtpHost, videoPort)]);
        if (source.HasAudio)
        {
            arguments.AddRange(["-map", "0:a:0", "-c:a", "libopus", "-b:a", $"{options.OpusKbps}k", "-ar", "48000", "-ac", "2",
                "-application", "lowdelay", "-payload_type", AudioPayloadType.ToString(), "-f", "rtp", RtpUrl(options.RtpHost, audioPort)]);
        }

        return arguments;
    }

    private static string RtpUrl(string host, int port) =>
        $"rtp://{(host.Contains(':') ? $"[{host}]" : host)}:{port}?pkt_size=1200";
}
