using System.Diagnostics;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.GoLive;

/// <summary>
/// The Go live page in Chromium with its fake camera, through nginx's front (the way a phone reaches it): the browser's
/// broadcast must be an ordinary one, from the publish hook to the VOD.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class GoLiveTests(LiveIngestFixture fixture, FakeCameraChromiumFixture camera) : IClassFixture<FakeCameraChromiumFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BrowserBroadcastGoesLiveOverHlsRefusesASecondPageAndBecomesAnH264AacVodInOneTrace()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "golive");
        using var api = fixture.Api.CreateHttpClient();
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var webSockets = new List<string>();

        var page = await GoLivePage.StartAsync(camera.Browser, fixture.Nginx.HttpBaseAddress, channel.Name, channel.StreamKey, webSockets);
        await Browser.WaitForAsync(page, "goLive.live", 60);
        var live = Stopwatch.StartNew();
        await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 3, Timeout);

        var watch = await camera.Browser.OpenAsync(new Uri(fixture.Nginx.HttpBaseAddress, $"watch/{channel.Name}"));
        await Browser.WaitForAsync(watch, "player.state === 'live' && document.getElementById('video').currentTime > 2", 60);
        await watch.CloseAsync();

        // A second page with the same key is refused like a second RTMP publisher, and the first goes on.
        var second = await GoLivePage.StartAsync(camera.Browser, fixture.Nginx.HttpBaseAddress, channel.Name, channel.StreamKey);
        await Browser.WaitForAsync(second, "goLive.state === 'refused'", 60);
        Assert.Contains("Already live", await GoLivePage.MessageAsync(second));
        await second.CloseAsync();
        Assert.True(await page.EvaluateAsync<bool>("goLive.live"));

        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 12 - live.Elapsed.TotalSeconds)));
        await page.ClickAsync("#stop");
        var seconds = live.Elapsed.TotalSeconds;
        await Browser.WaitForAsync(page, "goLive.state === 'offline'", 30);
        Console.WriteLine($"sent {await page.EvaluateAsync<long>("goLive.sent")} bytes as {await page.EvaluateAsync<string>("goLive.mimeType")} in {seconds:F1} s live");

        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(ApiServer.ReconnectGraceSeconds + 60));
        var file = Path.Combine(fixture.VodPath, channel.Name, $"{vod.Id}.mp4");
        var (exit, codecs) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        Assert.Equal(["aac", "h264"], codecs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        var (duration, _) = await Vods.ProbeAsync(file);
        Assert.InRange(duration, seconds - 4, seconds + 4);

        // One trace: the browser session's span, the publish under it, and the broadcast's other hooks.
        var spans = fixture.Api.Spans.Snapshot().Where(s => (string?)s.GetTagItem("streaming.channel") == channel.Name).ToList();
        var session = Assert.Single(spans, s => s.OperationName == "golive session" && (string?)s.GetTagItem("streaming.publish.outcome") == "accepted");
        var publish = Assert.Single(spans, s => s.OperationName == "hook publish" && (string?)s.GetTagItem("streaming.publish.outcome") == "accepted");
        Assert.Equal(session.SpanId, publish.ParentSpanId);
        Assert.Equal(vod.Id, session.GetTagItem("streaming.session.id"));
        Assert.True((long)session.GetTagItem("streaming.golive.bytes")! > 0);
        foreach (var hook in new[] { "hook update", "hook publish_done", "hook record_done" })
        {
            Assert.Contains(spans, s => s.OperationName == hook && s.TraceId == session.TraceId);
        }

        Assert.DoesNotContain(channel.StreamKey, string.Join(' ', webSockets) + page.Url);
        Assert.NotEmpty(webSockets);
        Assert.DoesNotContain(channel.StreamKey, fixture.Api.Logs.All);
        Assert.DoesNotContain(channel.StreamKey, fixture.Nginx.ReadLog(fixture.Nginx.AccessLogPath) + fixture.Nginx.ReadLog(fixture.Nginx.ErrorLogPath));
        await page.CloseAsync();
    }

    [Fact]
    public async Task WrongKeyIsRefusedWithAClearMessageAndNothingGoesLive()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "golivewrong");
        using var api = fixture.Api.CreateHttpClient();

        var page = await GoLivePage.StartAsync(camera.Browser, fixture.Nginx.HttpBaseAddress, channel.Name, "not-" + channel.StreamKey);
        await Browser.WaitForAsync(page, "goLive.state === 'refused'", 30);

        Assert.Contains("Wrong stream key", await GoLivePage.MessageAsync(page));
        Assert.Equal(0, await page.EvaluateAsync<long>("goLive.sent"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"api/streams/{channel.Name}")).StatusCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
        Assert.False(Directory.Exists(Path.Combine(fixture.Nginx.HlsPath, channel.Name)));
        Assert.Contains($"Browser broadcast refused: channel {channel.Name}, from 127.0.0.1, reason wrong_key", fixture.Api.Logs.All);
        await page.CloseAsync();
    }
}
