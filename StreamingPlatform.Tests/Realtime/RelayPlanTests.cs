extern alias VodWorkerAssembly;

using StreamingPlatform.BroadcastState.Realtime;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Media;
using VodWorkerAssembly::StreamingPlatform.VodWorker.Realtime;

namespace StreamingPlatform.Tests.Realtime;

public sealed class RelayPlanTests
{
    [Theory]
    [InlineData("h264", "0", true)] // a phone's baseline or zerolatency H.264: copied
    [InlineData("h264", "2", false)] // B-frames arrive out of display order, which WebRTC cannot play: re-encoded
    [InlineData("hevc", "0", false)]
    public void H264WithoutBFramesIsCopiedAndAnythingElseReEncoded(string codec, string bFrames, bool copied)
    {
        var probe = $$"""{"streams":[{"codec_type":"video","codec_name":"{{codec}}","has_b_frames":{{bFrames}}},{"codec_type":"audio","codec_name":"aac"}]}""";

        Assert.Equal(new RelaySource(copied, HasAudio: true), RelayPlan.Source(MediaProbe.Parse(probe)));
    }

    [Fact]
    public void ASourceWithoutVideoIsNotRelayedAndOneWithoutAudioSendsVideoOnly()
    {
        Assert.Null(RelayPlan.Source(MediaProbe.Parse("""{"streams":[{"codec_type":"audio","codec_name":"aac"}]}""")));

        var silent = RelayPlan.Source(MediaProbe.Parse("""{"streams":[{"codec_type":"video","codec_name":"h264","has_b_frames":0}]}"""))!;
        var arguments = RelayPlan.FfmpegArguments("rtmp://nginx/live/cam", silent, 21000, 21002, new RealtimeOptions());
        Assert.DoesNotContain("libopus", arguments);
        Assert.Single(arguments, a => a.StartsWith("rtp://", StringComparison.Ordinal));
    }

    [Fact]
    public void FfmpegCopiesOrReEncodesWithoutBFramesAndSendsOpusToTheMountpointsPorts()
    {
        var options = new RealtimeOptions { RtpHost = "127.0.0.1", OpusKbps = 48 };

        var copy = string.Join(' ', RelayPlan.FfmpegArguments("rtmp://nginx/live/cam", new RelaySource(true, true), 21000, 21002, options));
        var encode = string.Join(' ', RelayPlan.FfmpegArguments("rtmp://nginx/live/cam", new RelaySource(false, true), 21000, 21002, options));

        Assert.Contains("-i rtmp://nginx/live/cam -map 0:v:0 -c:v copy -bsf:v h264_mp4toannexb -payload_type 96 -f rtp rtp://127.0.0.1:21000?pkt_size=1200", copy);
        Assert.Contains("-map 0:a:0 -c:a libopus -b:a 48k -ar 48000 -ac 2", copy);
        Assert.Contains("-payload_type 111 -f rtp rtp://127.0.0.1:21002?pkt_size=1200", copy);
        Assert.Contains("-c:v libx264 -preset veryfast -tune zerolatency -bf 0", encode);
        Assert.Contains("-force_key_frames source", encode);
    }

    [Fact]
    public void TheMountpointIsNamedByItsChannelAndItsPortsAreReadFromJanussAnswer()
    {
        var create = RelayPlan.CreateMountpoint("cam", "b-1", "127.0.0.1");
        Assert.Equal("cam", (string?)create["id"]);
        Assert.Equal("127.0.0.1", (string?)create["media"]![0]!["iface"]);
        Assert.Null(RelayPlan.CreateMountpoint("cam", "b-1", null)["media"]![0]!["iface"]);

        var answer = System.Text.Json.Nodes.JsonNode.Parse("""{"streaming":"created","stream":{"id":"cam","ports":[{"type":"video","mid":"v","port":21004},{"type":"audio","mid":"a","port":21006}]}}""")!.AsObject();
        Assert.Equal((21004, 21006), RelayPlan.Ports(answer));
        Assert.Null(RelayPlan.Ports(System.Text.Json.Nodes.JsonNode.Parse("""{"error_code":456,"error":"x"}""")!.AsObject()));
    }
}
