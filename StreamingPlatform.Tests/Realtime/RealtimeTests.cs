using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Realtime;

/// <summary>
/// Real-time playback end to end: a publisher through nginx, the worker's relay into Janus, the Api's signalling, and the
/// watch page in Chromium over WebRTC; then Janus killed and started again while the channel stays live.
/// </summary>
[Collection(RealtimeCollection.Name)]
public sealed class RealtimeTests(RealtimeFixture fixture)
{
    private const string Playing = "player.state === 'live' && player.transport === '{0}' && !document.getElementById('video').paused && document.getElementById('video').readyState >= 2";

    [Fact]
    public async Task ALiveChannelPlaysInRealTimeWithItsTrueDelayShown()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rt");
        await using var publisher = FfmpegPublisher.StartWithBurntInClock(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));

        var page = await fixture.OpenAsync(fixture.WatchAddress(channel.Name));
        try
        {
            await Browser.WaitForAsync(page, string.Format(Playing, "webrtc") + " && player.latency !== null", 90);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}; publisher exited: {publisher.HasExited} {publisher.Output}", exception);
        }

        // Frames decode and keep coming, and the picture is the publisher's: its burnt-in clock reads.
        var before = await page.EvaluateAsync<int>("document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames");
        await page.WaitForTimeoutAsync(2000);
        var sample = await page.EvaluateAsync<DelaySample>("""
            (() => {
              const video = document.getElementById('video');
              const captured = readBurntInClock(video);
              return { frames: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth,
                       trueDelay: captured === null ? null : (Date.now() - captured) / 1000, shown: player.latency, text: document.getElementById('latency').textContent };
            })()
            """);
        await Browser.ScreenshotAsync(page, "watch-realtime");
        Console.WriteLine($"real time: true delay {sample.TrueDelay} s, shown {sample.Shown} s ('{sample.Text}'), first frame after {await page.EvaluateAsync<double>("player.firstFrameMs")} ms");

        Assert.True(sample.Frames > before + 20, $"frames decoded: {before} then {sample.Frames} two seconds later");
        Assert.Equal(768, sample.Width);
        Assert.NotNull(sample.TrueDelay);
        Assert.Contains("real time", sample.Text);
        Assert.True(Math.Abs(sample.Shown!.Value - sample.TrueDelay!.Value) < 0.5, $"shown {sample.Shown} s, true {sample.TrueDelay} s");

        // The viewer's offer is a span of the broadcast's trace.
        var publish = fixture.Api.Spans.Snapshot().Single(s => s.OperationName == "hook publish" && (string?)s.GetTagItem("streaming.channel") == channel.Name);
        var offer = fixture.Api.Spans.Snapshot().First(s => s.OperationName == "realtime offer" && (string?)s.GetTagItem("streaming.channel") == channel.Name);
        Assert.Equal(publish.TraceId, offer.TraceId);
        Assert.Equal("offered", offer.GetTagItem("streaming.realtime.offer"));
    }

    [Fact]
    public async Task TheWatchPagePlaysHlsWhenJanusDiesAndRealTimeAgainOnceItIsBack()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rtfall");
        await using var publisher = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        var watching = await fixture.OpenAsync(fixture.WatchAddress(channel.Name));
        await Browser.WaitForAsync(watching, string.Format(Playing, "webrtc"), 90);

        await fixture.Janus.KillAsync();
        try
        {
            // The playing page notices (no frames, or the connection failed) and goes on over HLS.
            await Browser.WaitForAsync(watching, string.Format(Playing, "hls") + " && player.realtimeFailures.length > 0", 30);
            var position = await watching.EvaluateAsync<double>("document.getElementById('video').currentTime");
            await watching.WaitForTimeoutAsync(2000);
            Assert.True(await watching.EvaluateAsync<double>("document.getElementById('video').currentTime") > position + 1, "HLS plays on");

            // A page opened while Janus is down plays HLS from the start; an offer asked for anyway is a clear 503.
            var newcomer = await fixture.OpenAsync(fixture.WatchAddress(channel.Name));
            await Browser.WaitForAsync(newcomer, string.Format(Playing, "hls"), 60);
            Assert.False(publisher.HasExited, "the publisher was never cut");
            using var api = fixture.Api.CreateHttpClient();
            var stream = await api.GetFromJsonAsync<StreamBody>($"api/streams/{channel.Name}");
            Assert.False(stream!.Realtime, "the relay's mark lapsed with Janus");
            await AssertProblem(await api.PostAsync($"api/streams/{channel.Name}/realtime", null), HttpStatusCode.ServiceUnavailable, "Real time unavailable");
        }
        finally
        {
            if (!fixture.Janus.Running)
            {
                await fixture.Janus.StartAgainAsync();
            }
        }

        // The relay notices the new Janus has no mountpoint, makes it again, and a new viewer plays in real time.
        await Eventually.TrueAsync(async () =>
        {
            var page = await fixture.OpenAsync(fixture.WatchAddress(channel.Name));
            try
            {
                await Browser.WaitForAsync(page, string.Format(Playing, "webrtc"), 20);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
            finally
            {
                await page.CloseAsync();
            }
        }, TimeSpan.FromSeconds(90), "real time again after Janus came back");
        Assert.Contains("mountpoint gone", fixture.Worker.Output);
    }

    [Fact]
    public async Task OnlyALiveChannelGetsAnOfferAndBadInputGetsAProblem()
    {
        using var api = fixture.Api.CreateHttpClient();

        await AssertProblem(await api.PostAsync("api/streams/nobody-live-here/realtime", null), HttpStatusCode.NotFound, "Not live");
        await AssertProblem(await api.PostAsync("api/streams/Bad%20Name/realtime", null), HttpStatusCode.BadRequest, "Invalid stream name");
        await AssertProblem(await api.PostAsJsonAsync("api/streams/cam/realtime/abc/1/answer", new { sdp = "v=0" }), HttpStatusCode.BadRequest, "Invalid real-time session");
        await AssertProblem(await api.PostAsJsonAsync("api/streams/cam/realtime/1/1/answer", new { sdp = "<script>" }), HttpStatusCode.BadRequest, "Invalid SDP answer");
        await AssertProblem(await api.PostAsync("api/streams/cam/realtime/12345/keepalive", null), HttpStatusCode.NotFound, "No such real-time session");
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(title, (await response.Content.ReadFromJsonAsync<ProblemBody>())?.Title);
    }

    private sealed record ProblemBody(string? Title);

    private sealed record StreamBody(bool Realtime);

    private sealed class DelaySample
    {
        public int Frames { get; set; }

        public int Width { get; set; }

        public double? TrueDelay { get; set; }

        public double? Shown { get; set; }

        public string Text { get; set; } = "";
    }
}

[CollectionDefinition(Name)]
public sealed class RealtimeCollection : ICollectionFixture<RealtimeFixture>
{
    public const string Name = "realtime";
}
