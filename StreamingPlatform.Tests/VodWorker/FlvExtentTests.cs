extern alias VodWorkerAssembly;

using StreamingPlatform.Tests.Infrastructure;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Options;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.Tests.VodWorker;

/// <summary>
/// The VOD build measures what a recording holds from its FLV tags, in the scan it makes anyway, instead of a second
/// pass of ffprobe over every packet: on real recordings made by FFmpeg both must agree, within the tolerance the
/// verification allows, including a cut-short file, B-frames, a rotation and the odd codecs some publishers send.
/// </summary>
public sealed class FlvExtentTests : IDisposable
{
    private readonly TempFolder _folder = new("flv-extent");
    private readonly Ffmpeg _ffmpeg = new(Microsoft.Extensions.Options.Options.Create(new VodOptions()));

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Recordings => ["plain", "cut-short", "b-frames", "rotated", "sorenson-mp3", "pcm-audio"];

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task ScanMeasuresWhatFfprobeMeasures(string recording)
    {
        var path = _folder.Combine($"{recording}.flv");
        await MakeAsync(recording, path);

        var scanned = FlvParameters.Read(path).Extent;
        var probed = await _ffmpeg.MeasureAsync(path, CancellationToken.None);

        Assert.True(probed.Seconds > 1, $"ffprobe measured {probed.Seconds} s");
        Assert.InRange(scanned.Seconds, probed.Seconds - 0.1, probed.Seconds + 0.1);
        Assert.InRange(scanned.Packets, probed.Packets - 1, probed.Packets);
    }

    [Fact]
    public async Task RecordingWithoutMediaHasNoPackets()
    {
        var path = _folder.Combine("headers-only.flv");
        await TestMedia.MakeFlvAsync(path, seconds: 2);
        var bytes = await File.ReadAllBytesAsync(path);
        // The FLV header, then tags up to the first media packet after the sequence headers.
        var scan = FlvParameters.Read(path);
        Assert.True(scan.Extent.Packets > 0);

        await File.WriteAllBytesAsync(path, bytes[..HeadersEnd(bytes)]);

        var cut = FlvParameters.Read(path);
        Assert.Equal(MediaExtent.None, cut.Extent);
        Assert.Single(cut.Video);
        Assert.False(await _ffmpeg.HasPacketsAsync(path, CancellationToken.None));
    }

    private static int HeadersEnd(byte[] bytes)
    {
        var offset = 9 + 4;
        while (true)
        {
            var type = bytes[offset] & 0x1F;
            var size = bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3];
            var sequenceHeader = (type is 8 or 9) && bytes[offset + 12] == 0;
            if (type is 8 or 9 && !sequenceHeader)
            {
                return offset;
            }

            offset += 11 + size + 4;
        }
    }

    private static async Task MakeAsync(string recording, string path)
    {
        switch (recording)
        {
            case "plain":
                await TestMedia.MakeFlvAsync(path, seconds: 4);
                break;
            case "cut-short":
                await TestMedia.MakeFlvAsync(path, seconds: 4);
                var bytes = await File.ReadAllBytesAsync(path);
                await File.WriteAllBytesAsync(path, bytes[..(int)(bytes.Length * 0.6)]);
                break;
            case "b-frames":
                var (exit, output) = await ChildProcess.RunAsync("ffmpeg",
                [
                    "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=4",
                    "-c:v", "libx264", "-preset", "medium", "-bf", "3", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-flvflags", "no_duration_filesize", "-f", "flv", path,
                ], TimeSpan.FromSeconds(60));
                Assert.True(exit == 0, output);
                break;
            case "rotated":
                await TestMedia.MakeRotatedFlvAsync(path, secondsEach: 2);
                break;
            case "sorenson-mp3":
                await TestMedia.MakeFlvAsync(path, seconds: 4, videoCodec: "flv", audioCodec: "libmp3lame");
                break;
            case "pcm-audio":
                await TestMedia.MakeFlvAsync(path, seconds: 4, audioCodec: "pcm_s16le");
                break;
        }
    }
}
