extern alias VodWorkerAssembly;

using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.VodWorker;

public sealed class VodCodecsTests
{
    private static MediaProbe Part(string? video, string? audio) => new(true, video is not null, audio is not null, 4, "", video, audio);

    [Fact]
    public void H264AndAacAreCopied()
    {
        var plan = VodCodecs.Plan([Part("h264", "aac"), Part("h264", "aac")]);

        Assert.True(plan.CopiesAll);
        Assert.Equal(["-c", "copy"], plan.Arguments);
        Assert.Null(plan.Description);
        Assert.Equal("none", plan.TagValue);
    }

    [Fact]
    public void OnlyTheStreamThatNeedsItIsReEncoded()
    {
        var audio = VodCodecs.Plan([Part("h264", "mp3")]);
        var video = VodCodecs.Plan([Part("flv1", "aac")]);

        Assert.Equal(["-c:v", "copy", "-c:a", "aac", "-b:a", "128k"], audio.Arguments);
        Assert.Equal("re-encoded audio mp3 to aac", audio.Description);
        Assert.Equal("-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -c:a copy", string.Join(' ', video.Arguments));
        Assert.Equal("video", video.TagValue);
    }

    [Fact]
    public void OnePartWithAnotherCodecReEncodesThatStreamOfTheWholeBroadcast()
    {
        var plan = VodCodecs.Plan([Part("h264", "aac"), Part("flv1", "pcm_s16le")]);

        Assert.Equal("re-encoded video flv1 to h264 and audio pcm_s16le to aac", plan.Description);
        Assert.Equal("both", plan.TagValue);
    }

    [Fact]
    public void H264WhoseParametersChangeIsReEncodedOntoTheCanvasAndItsAudioCopied()
    {
        var plan = VodCodecs.Plan([Part("h264", "aac")], new ParameterChanges(true, false), new VideoCanvas(640, 640));

        Assert.Equal(
            "-c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p "
            + "-vf scale=w=640:h=640:force_original_aspect_ratio=decrease,pad=640:640:(ow-iw)/2:(oh-ih)/2,setsar=1 -c:a copy",
            string.Join(' ', plan.Arguments));
        Assert.Equal("re-encoded video h264 to h264 (video parameters change within the broadcast; on a 640x640 canvas)", plan.Description);
        Assert.Equal("video", plan.TagValue);
        Assert.True(VodCodecs.Plan([Part("h264", "aac")], ParameterChanges.None, new VideoCanvas(640, 640)).CopiesAll);
        Assert.Equal("audio", VodCodecs.Plan([Part("h264", "aac")], new ParameterChanges(false, true)).TagValue);
    }

    [Fact]
    public void WithoutAudioThereIsNothingToReEncodeForIt() => Assert.True(VodCodecs.Plan([Part("h264", null)]).CopiesAll);

    [Theory]
    [InlineData("h264", "aac", true)]
    [InlineData("h264", null, true)]
    [InlineData("flv1", "aac", false)]
    [InlineData("h264", "mp3", false)]
    [InlineData("h264", "pcm_s16le", false)]
    [InlineData(null, "aac", false)]
    public void OnlyH264WithAacOrNoAudioPlaysLive(string? video, string? audio, bool playable) =>
        Assert.Equal(playable, VodCodecs.PlayableLive(video, audio));

    [Theory]
    [InlineData(137, "", true)] // SIGKILL, the OOM killer
    [InlineData(255, "Exiting normally, received signal 15.", true)]
    [InlineData(1, "Error writing trailer: No space left on device", true)]
    [InlineData(1, "[mp4 @ 0x1] Could not find tag for codec flv1 in stream #0, codec not currently supported in container", false)]
    [InlineData(1, "Invalid data found when processing input", false)]
    public void OnlyFailuresOfTheMachineAreTransient(int exitCode, string error, bool transient) =>
        Assert.Equal(transient, FfmpegFailure.IsTransient(exitCode, error));

    [Theory]
    [InlineData("Error writing trailer: No space left on device", true)] // the build waits for space instead of failing
    [InlineData("av_interleaved_write_frame(): No space left on device", true)]
    [InlineData("Exiting normally, received signal 15.", false)]
    public void OnlyAFullDiskWaitsForSpace(string error, bool diskFull) => Assert.Equal(diskFull, FfmpegFailure.IsDiskFull(error));
}
