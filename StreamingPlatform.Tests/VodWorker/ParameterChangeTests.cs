extern alias VodWorkerAssembly;

using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Options;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>
/// A phone that rotates mid-stream (a new AVC sequence header at another size), with real FFmpeg: the scan finds the
/// change, a plain <c>-c copy</c> MP4 of it fails the verification's decode, and the plan's re-encode passes it.
/// </summary>
public sealed class ParameterChangeTests : IDisposable
{
    private readonly TempFolder _folder = new("rotation");
    private readonly Ffmpeg _ffmpeg = new(Microsoft.Extensions.Options.Options.Create(new VodOptions()));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RotatedRecordingAnnouncesASecondVideoConfigAtTheChangeAndKeyframesOfBothSizes()
    {
        var rotated = _folder.Combine("rotated.flv");
        await TestMedia.MakeRotatedFlvAsync(rotated, secondsEach: 3);

        var parameters = FlvParameters.Read(rotated);

        Assert.Equal(2, parameters.Video.Count);
        Assert.Equal(0, parameters.Video[0].AtSeconds);
        Assert.InRange(parameters.Video[1].AtSeconds, 2.9, 3.2);
        Assert.Single(parameters.Audio); // the second part's AAC header is the same: no change
        Assert.Equal(new ParameterChanges(true, false), VodPlan.Changes([parameters]));
        Assert.Equal([(640, 360), (360, 640)], await _ffmpeg.KeyframeSizesAsync(rotated, CancellationToken.None));
    }

    [Fact]
    public async Task PlainRecordingHasOneConfigOfEachStreamAndAFileThatIsNotFlvNone()
    {
        var plain = _folder.Combine("plain.flv");
        await TestMedia.MakeFlvAsync(plain, seconds: 2);
        var notFlv = _folder.Combine("not.flv");
        await File.WriteAllTextAsync(notFlv, "not an FLV at all");

        var parameters = FlvParameters.Read(plain);

        Assert.Single(parameters.Video);
        Assert.Single(parameters.Audio);
        Assert.False(VodPlan.Changes([parameters, parameters]).Any);
        Assert.Equal(FlvParameters.Unknown, FlvParameters.Read(notFlv));
    }

    [Fact]
    public async Task CopiedRotationFailsTheDecodeCheckWhileThePlannedReEncodeOntoTheCanvasPassesIt()
    {
        var rotated = _folder.Combine("rotated.flv");
        await TestMedia.MakeRotatedFlvAsync(rotated, secondsEach: 3);
        var parameters = FlvParameters.Read(rotated);
        var extent = await _ffmpeg.MeasureAsync(rotated, CancellationToken.None);
        var intervals = VodPlan.DecodeIntervals(extent.Seconds, VodPlan.ChangePoints([parameters], [extent]));

        var copied = _folder.Combine("copied.mp4");
        var copy = await _ffmpeg.RunFfmpegAsync(["-i", rotated, "-c", "copy", "-movflags", "+faststart", copied], CancellationToken.None);
        Assert.Equal(0, copy.ExitCode);
        var copiedProbe = await _ffmpeg.ProbeAsync(copied, CancellationToken.None, intervals);
        Assert.Contains("does not decode", VodPlan.VerificationProblem(copiedProbe, extent.Seconds));

        var plan = VodCodecs.Plan([await _ffmpeg.ProbeAsync(rotated, CancellationToken.None)], VodPlan.Changes([parameters]),
            VodPlan.Canvas(await _ffmpeg.KeyframeSizesAsync(rotated, CancellationToken.None)));
        var reEncoded = _folder.Combine("re-encoded.mp4");
        var reEncode = await _ffmpeg.RunFfmpegAsync(VodPlan.RemuxArguments([rotated], plan, "", reEncoded), CancellationToken.None);
        Assert.True(reEncode.ExitCode == 0, reEncode.Error);
        Assert.Null(VodPlan.VerificationProblem(await _ffmpeg.ProbeAsync(reEncoded, CancellationToken.None, intervals), extent.Seconds));
        Assert.Equal(new VideoCanvas(640, 640), plan.Canvas);
        Assert.Equal("video", plan.TagValue); // the audio is copied
    }
}
