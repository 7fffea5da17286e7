extern alias VodWorkerAssembly;

using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Ladder;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.Tests.VodWorker;

public sealed class LadderPlanTests
{
    [Theory]
    [InlineData(1280, 720, "480p 854x480, 240p 426x240")]
    [InlineData(1920, 1080, "480p 854x480, 240p 426x240")]
    [InlineData(720, 1280, "480p 270x480, 240p 136x240")] // a phone held upright
    [InlineData(854, 480, "240p 428x240")] // never a rendition as tall as the source
    [InlineData(320, 240, "")]
    public void RenditionsAreBelowTheSourceWithItsAspectRatioAndEvenWidths(int width, int height, string expected)
    {
        var planned = LadderPlan.For(new LadderSource(width, height, null), LadderOptions.DefaultRenditions);
        Assert.Equal(expected, string.Join(", ", planned.Select(r => $"{r.Name} {r.Width}x{r.Height}")));
    }

    [Fact]
    public void MasterStateListsTheSourceFirstWithItsBitrateOrTheFallback()
    {
        var source = new LadderSource(1280, 720, 2_500_000);
        var planned = LadderPlan.For(source, LadderOptions.DefaultRenditions);
        var state = LadderPlan.State("cam", "b1", source, planned, sourceKbpsFallback: 4000);
        Assert.Equal(["cam/index.m3u8", ".ladder/cam-480p/index.m3u8", ".ladder/cam-240p/index.m3u8"], state.Renditions.Select(r => r.Path));
        Assert.Equal(2_750_000, state.Renditions[0].Bandwidth);
        Assert.Equal((1100 + 96) * 1100L, state.Renditions[1].Bandwidth);
        Assert.Equal(4_000_000, LadderPlan.State("cam", "b1", source with { BitsPerSecond = null }, planned, 4000).Renditions[0].Bandwidth);
    }

    [Fact]
    public void ProgressBlocksGiveFramesOutTimeAndSpeed()
    {
        var reader = new FfmpegProgress.Reader();
        string[] lines = ["frame=0", "out_time_us=N/A", "speed=N/A", "progress=continue", "frame=340", "out_time_us=11400000", "speed=1.18x", "progress=continue"];
        var blocks = lines.Select(reader.Read).OfType<FfmpegProgress>().ToList();
        Assert.Equal(2, blocks.Count);
        Assert.Null(blocks[0].Speed);
        Assert.Equal(new FfmpegProgress(340, TimeSpan.FromSeconds(11.4), 1.18), blocks[1]);
    }

    [Fact]
    public void ProbeOfTheSourceGivesItsSizeAndItsBitrateOnlyWhenThePublisherSaidIt()
    {
        const string said = """{"streams":[{"codec_type":"audio","bit_rate":"63488"},{"codec_type":"video","width":1280,"height":720,"bit_rate":"2499584"}]}""";
        const string silent = """{"streams":[{"codec_type":"audio","bit_rate":"63488"},{"codec_type":"video","width":1024,"height":576}]}""";
        Assert.Equal(new LadderSource(1280, 720, 2_563_072), LadderPlan.Source(MediaProbe.Parse(said)));
        Assert.Equal(new LadderSource(1024, 576, null), LadderPlan.Source(MediaProbe.Parse(silent)));
        Assert.Null(LadderPlan.Source(MediaProbe.Parse("""{"streams":[{"codec_type":"audio"}]}""")));
    }

    /// <summary>FFmpeg names the URL it could not open, token and all, and it stands on FFmpeg's command line: never the secret.</summary>
    [Fact]
    public async Task FfmpegsUrlsCarryAShortLivedTokenNeverTheLadderSecret()
    {
        var options = new LadderOptions { RtmpBaseUrl = $"rtmp://127.0.0.1:{FreePort.Next()}", Secret = "unit-ladder-secret-0123456789" };
        var url = options.SourceUrl("cam", DateTimeOffset.UtcNow);

        var ffmpeg = new Ffmpeg(Microsoft.Extensions.Options.Options.Create(new VodOptions()));
        var (exitCode, _, error) = await ffmpeg.RunLiveAsync(["-hide_banner", "-i", url, "-f", "null", "-"], _ => { }, CancellationToken.None);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("/live/cam?token=", error, StringComparison.Ordinal);
        Assert.DoesNotContain(options.Secret, error, StringComparison.Ordinal);
        Assert.DoesNotContain(options.Secret, url, StringComparison.Ordinal);
        Assert.DoesNotContain(options.Secret, options.RenditionUrl("cam", "480p", DateTimeOffset.UtcNow), StringComparison.Ordinal);
    }
}
