using System.Globalization;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>What the source is, as ffprobe reads it from nginx: its picture size and, when the publisher says so, its bitrate.</summary>
public sealed record LadderSource(int Width, int Height, long? BitsPerSecond);

/// <summary>One rendition to encode: scaled to <see cref="Height"/> with the source's aspect ratio.</summary>
public sealed record PlannedRendition(string Name, int Width, int Height, int VideoKbps, int AudioKbps)
{
    /// <summary>The encoder may peak 10 % above its target; MPEG-TS adds about 10 % on top.</summary>
    public int MaxRateKbps => VideoKbps * 11 / 10;

    public long Bandwidth => (MaxRateKbps + AudioKbps) * 1100L;
}

/// <summary>
/// The pure decisions of the ladder: which renditions a source gets (never one as tall as the source or taller), their
/// sizes (as FFmpeg's <c>scale=-2:h</c> computes them), what the master playlist says of each, and the FFmpeg command.
/// </summary>
public static class LadderPlan
{
    public static IReadOnlyList<PlannedRendition> For(LadderSource source, IReadOnlyList<LadderRenditionOptions> renditions) =>
        renditions.Where(r => r.Height < source.Height)
            .OrderByDescending(r => r.Height)
            .Select(r => new PlannedRendition(r.Name, EvenWidth(source, r.Height), r.Height, r.VideoKbps, r.AudioKbps))
            .ToList();

    /// <summary>
    /// The source as the probe reads it: the (last) video stream's size, and the bitrate of all streams when the publisher
    /// said its video bitrate (FLV metadata). Null without a video stream of a known size.
    /// </summary>
    public static LadderSource? Source(MediaProbe probe)
    {
        var video = probe.Streams.LastOrDefault(s => s.Type == "video" && s.Width > 0 && s.Height > 0);
        if (video is null)
        {
            return null;
        }

        var bits = probe.Streams.Sum(s => s.BitRate ?? 0);
        return new LadderSource(video.Width, video.Height, video.BitRate is > 0 ? bits : null);
    }

    /// <summary>FFmpeg's <c>scale=-2:h</c>: the width that keeps the aspect ratio, rounded to the nearest even number.</summary>
    public static int EvenWidth(LadderSource source, int height) =>
        (int)Math.Round((double)source.Width * height / source.Height / 2, MidpointRounding.AwayFromZero) * 2;

    /// <summary>The source first (nginx's own HLS of the channel, never re-encoded), then each rendition.</summary>
    public static LadderState State(string channel, string broadcastId, LadderSource source, IReadOnlyList<PlannedRendition> planned, int sourceKbpsFallback)
    {
        var sourceBandwidth = source.BitsPerSecond is { } bits and > 0 ? bits * 11 / 10 : sourceKbpsFallback * 1000L;
        return new LadderState(broadcastId,
        [
            new LadderRendition(LadderState.SourceName, HlsLayout.LivePlaylist(channel), source.Width, source.Height, sourceBandwidth),
            .. planned.Select(r => new LadderRendition(r.Name, HlsLayout.RenditionPlaylist(RenditionName.For(channel, r.Name)), r.Width, r.Height, r.Bandwidth)),
        ]);
    }

    /// <summary>
    /// One FFmpeg that decodes the source once and encodes every rendition. <c>-copyts</c> keeps the publisher's
    /// timestamps, so nginx gives the renditions the same PTS as the source (the player's delay clock holds on every
    /// rendition); <c>-force_key_frames source</c> puts a keyframe exactly where the source has one and nowhere else
    /// (<c>-g</c> large, no scene cuts), so nginx cuts every rendition's fragments at the source's boundaries and the
    /// player can switch on any fragment.
    /// </summary>
    public static IReadOnlyList<string> FfmpegArguments(string channel, IReadOnlyList<PlannedRendition> planned, LadderOptions options, DateTimeOffset now)
    {
        var splits = string.Concat(Enumerable.Range(0, planned.Count).Select(i => $"[s{i}]"));
        var scales = string.Join(';', planned.Select((r, i) => $"[s{i}]scale={r.Width}:{r.Height}[v{i}]"));
        List<string> arguments =
        [
            "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats", "-progress", "pipe:1", "-stats_period", "2",
            // A source that stops sending (nginx gone, publisher gone) ends FFmpeg within 10 s instead of hanging.
            "-rw_timeout", "10000000",
            "-copyts", "-i", options.SourceUrl(channel, now),
            "-filter_complex", $"[0:v]split={planned.Count}{splits};{scales}",
        ];
        for (var i = 0; i < planned.Count; i++)
        {
            var r = planned[i];
            arguments.AddRange(
            [
                "-map", $"[v{i}]", "-map", "0:a?",
                "-c:v", "libx264", "-preset", options.Preset, "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-b:v", Kbps(r.VideoKbps), "-maxrate", Kbps(r.MaxRateKbps), "-bufsize", Kbps(r.VideoKbps),
                "-force_key_frames", "source", "-g", "600", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", Kbps(r.AudioKbps), "-ac", "2",
                "-f", "flv", options.RenditionUrl(channel, r.Name, now),
            ]);
        }

        return arguments;
    }

    private static string Kbps(int value) => value.ToString(CultureInfo.InvariantCulture) + "k";
}
