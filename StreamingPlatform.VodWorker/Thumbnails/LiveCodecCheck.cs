using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Thumbnails;

/// <summary>
/// Tells the operator while a channel is live that viewers cannot play what it publishes (live HLS needs H.264 and AAC).
/// It probes the channel's recording as nginx writes it: the recording holds every codec the publisher sends, while
/// nginx's HLS silently leaves out the streams it cannot mux (no playlist at all for Sorenson video), so the live
/// segments cannot tell "unplayable" from "not started". One probe and, if needed, one warning per recording.
/// </summary>
public sealed class LiveCodecCheck(Ffmpeg ffmpeg, IOptions<MediaOptions> media, ILogger<LiveCodecCheck> logger)
{
    private readonly Dictionary<string, string> _judged = [];

    public async Task CheckAsync(IReadOnlySet<string> liveChannels, CancellationToken cancellationToken)
    {
        foreach (var gone in _judged.Keys.Where(channel => !liveChannels.Contains(channel)).ToList())
        {
            _judged.Remove(gone);
        }

        foreach (var channel in liveChannels)
        {
            if (NewestRecording(channel) is { } recording && _judged.GetValueOrDefault(channel) != recording)
            {
                await JudgeAsync(channel, recording, cancellationToken);
            }
        }
    }

    private async Task JudgeAsync(string channel, string fileName, CancellationToken cancellationToken)
    {
        var probe = await ffmpeg.ProbeAsync(media.Value.RecordingFile(fileName), cancellationToken);
        if (!probe.Readable || (!probe.HasVideo && !probe.HasAudio))
        {
            return; // nothing recorded yet: next round
        }

        _judged[channel] = fileName;
        var playable = VodCodecs.PlayableLive(probe.VideoCodec, probe.AudioCodec);
        ThumbnailTelemetry.CountLiveCodecCheck(playable ? "playable" : "unplayable");
        if (!playable)
        {
            ThumbnailLog.UnplayableCodecs(logger, channel, probe.VideoCodec ?? "no", probe.AudioCodec ?? "no");
        }
    }

    private string? NewestRecording(string channel)
    {
        var folder = new DirectoryInfo(media.Value.Recordings);
        if (!folder.Exists)
        {
            return null;
        }

        // "a-*" also matches channel "a-b": only names that parse to exactly this channel count.
        return folder.EnumerateFiles($"{channel}-*.flv")
            .Select(file => RecordingFileName.TryParse(file.Name, out var owner, out var startedAt) && owner == channel ? (file.Name, startedAt) : default)
            .Where(found => found.Name is not null)
            .OrderByDescending(found => found.startedAt)
            .Select(found => found.Name)
            .FirstOrDefault();
    }
}
