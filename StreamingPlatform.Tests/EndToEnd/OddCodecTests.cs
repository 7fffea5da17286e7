using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// Publishers whose codecs FLV carries but MP4 or the browser does not: Sorenson (FLV1) video, PCM or MP3 audio.
/// Each recording still becomes a playable H.264 + AAC VOD, and only the stream that needs it is re-encoded.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class OddCodecTests(LiveIngestFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SorensonVideoWithPcmAudioBecomesAPlayableH264AndAacVod()
    {
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "sorenson", seconds: 4, videoCodec: "flv", audioCodec: "pcm_s16le");
        using var api = fixture.Api.CreateHttpClient();

        await recording.AnnounceAsync(fixture.Api);

        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status is "ready" or "salvaged" or "failed", Timeout);
        Assert.True(vod.Status == "ready", $"{vod.Status}: {vod.Reason}");
        Assert.InRange(vod.DurationSeconds, 3.5, 4.5);
        var codecs = await DownloadedCodecsAsync(api, vod.VideoUrl!);
        Assert.Equal(["audio aac", "video h264"], codecs);
        Assert.Contains(fixture.Worker.Output.Split('\n'), line => line.Contains($"VOD {vod.Id}") && line.Contains("re-encoded video flv1 to h264 and audio pcm_s16le to aac"));
    }

    [Fact]
    public async Task Mp3AudioIsReEncodedToAacWhileTheH264VideoIsCopied()
    {
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "mp3", seconds: 4, audioCodec: "libmp3lame");
        using var api = fixture.Api.CreateHttpClient();

        await recording.AnnounceAsync(fixture.Api);

        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status is "ready" or "failed", Timeout);
        Assert.True(vod.Status == "ready", $"{vod.Status}: {vod.Reason}");
        Assert.Equal(["audio aac", "video h264"], await DownloadedCodecsAsync(api, vod.VideoUrl!));
        Assert.Contains(fixture.Worker.Output.Split('\n'), line => line.Contains($"VOD {vod.Id}") && line.Contains("re-encoded audio mp3 to aac"));
    }

    [Fact]
    public async Task RecordingFfmpegCannotConvertEndsFailedAtOnceAndIsKeptInFailed()
    {
        var recording = PlantedRecording.Name(fixture.Nginx.RecordingsPath, "undecodable");
        await TestMedia.MakeFlvWithUndecodableVideoAsync(recording.Path, seconds: 3);
        using var api = fixture.Api.CreateHttpClient();

        await recording.AnnounceAsync(fixture.Api);

        // Retried, the first of five attempts would come back after 1 s, the last after almost 2 minutes.
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "failed", TimeSpan.FromSeconds(30));
        Assert.Contains("could not be converted", vod.Reason);
        Assert.Contains("ffmpeg exited with 1", vod.Reason);
        Assert.Null(vod.VideoUrl);
        Assert.False(File.Exists(recording.Path));
        Assert.True(File.Exists(Path.Combine(fixture.Nginx.RecordingsPath, "failed", recording.FileName)), "the recording was not kept in failed/");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(fixture.Worker.Output.Split('\n'), line => line.Contains($"VOD {vod.Id} of channel {recording.Channel} failed"));
    }

    [Fact]
    public async Task LiveChannelWhoseCodecsViewersCannotPlayIsReportedWhileItIsLive()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "flv1live");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), duration: null, videoCodec: "flv", audioCodec: "pcm_s16le");

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Worker.Output.Contains($"Channel {channel.Name} publishes video flv1 and audio pcm_s16le")),
            TimeSpan.FromSeconds(30), "the worker to report the unplayable codecs");

        Assert.False(phone.HasExited, phone.Output);
        Assert.Single(fixture.Worker.Output.Split('\n'), line => line.Contains($"Channel {channel.Name} publishes"));
    }

    private static async Task<List<string>> DownloadedCodecsAsync(HttpClient api, string videoUrl)
    {
        using var folder = new TempFolder("codecs");
        var file = folder.Combine("vod.mp4");
        await File.WriteAllBytesAsync(file, await api.GetByteArrayAsync(videoUrl));
        var (exit, output) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(fields => $"{fields[1]} {fields[0]}")
            .Order()
            .ToList();
    }
}
