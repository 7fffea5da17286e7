using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// A phone that rotates mid-broadcast: its encoder restarts at the new size with a new AVC sequence header. Published
/// through the real nginx, the VOD must decode from start to end (every frame, with FFmpeg) with the whole picture.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RotationTests(LiveIngestFixture fixture)
{
    private const int SecondsEach = 5;

    [Fact]
    public async Task BroadcastWhoseSizeChangesMidStreamBecomesAVodThatDecodesFromStartToEnd()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rotate");
        using var folder = new TempFolder("rotate");
        using var api = fixture.Api.CreateHttpClient();

        await using (var phone = await FfmpegPublisher.StartRotatedAsync(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), folder, SecondsEach))
        {
            Assert.True(await phone.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the publisher did not finish");
            Assert.True(phone.ExitCode == 0, phone.Output);
        }

        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status is "ready" or "salvaged" or "failed", TimeSpan.FromSeconds(90));
        Assert.True(vod.Status == "ready", $"{vod.Status}: {vod.Reason}");
        Assert.InRange(vod.DurationSeconds, SecondsEach * 2 - 1, SecondsEach * 2 + 1);

        var file = folder.Combine("vod.mp4");
        await File.WriteAllBytesAsync(file, await api.GetByteArrayAsync(vod.VideoUrl!));
        var (decodeExit, decodeErrors) = await ChildProcess.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-i", file, "-f", "null", "-"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, decodeExit);
        Assert.True(decodeErrors.Trim().Length == 0, $"the VOD does not decode cleanly:\n{decodeErrors}");
        var (_, size) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        Assert.Equal("640,640", size.Trim());
        Assert.Contains(fixture.Worker.Output.Split('\n'), line => line.Contains($"VOD {vod.Id}") && line.Contains("video parameters change within the broadcast"));
    }
}
