using StreamingPlatform.Api.GoLive;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Tests.GoLive;

public sealed class GoLivePlanTests
{
    private const string Grant = "1800000060.AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    [Fact]
    public void TheFfmpegCommandLineCarriesTheGrantNeverTheKeyAndItsLogLinesNeitherTheGrant()
    {
        var options = new GoLiveOptions { RtmpBaseUrl = "rtmp://127.0.0.1:1935" };
        var arguments = GoLivePlan.FfmpegArguments(options, options.PublishUrl("studio", Grant, traceParent: null));

        Assert.Equal($"rtmp://127.0.0.1:1935/live/studio?grant={Grant}", arguments[^1]);
        Assert.DoesNotContain(arguments, a => a.Contains("key=", StringComparison.Ordinal));
        var line = GoLivePlan.Redact($"[rtmp @ 0x1] Server error: rtmp://127.0.0.1:1935/live/studio?grant={Grant}&traceparent=00-ab");
        Assert.DoesNotContain(Grant, line);
        Assert.Contains("grant=***&traceparent", line);
    }

    [Fact]
    public void VideoIsReencodedWithAKeyframeEverySecondAndNoBFramesAudioToAac()
    {
        var arguments = string.Join(' ', GoLivePlan.FfmpegArguments(new GoLiveOptions { RtmpBaseUrl = "rtmp://n:1935" }, "rtmp://n:1935/live/x?grant=g"));

        Assert.Contains("-i pipe:0", arguments);
        Assert.Contains("-c:v libx264 -preset veryfast -tune zerolatency", arguments);
        Assert.Contains("-bf 0 -force_key_frames expr:gte(t,n_forced*1)", arguments);
        Assert.Contains("-c:a aac", arguments);
        Assert.Contains("-f flv", arguments);
    }
}
