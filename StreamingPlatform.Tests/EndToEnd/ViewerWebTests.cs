using System.Globalization;
using System.Net.Http.Json;
using StreamingPlatform.Api.Apis;
using Microsoft.Playwright;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>The viewer web app in Debian's Chromium (hls.js on MSE), against the whole platform.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class ViewerWebTests(LiveIngestFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task LiveChannelIsListedPlaysWithItsDelayThenGoesOfflineAndShowsItsVod()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "web");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        var stream = await Eventually.GetAsync(
            async () => await api.GetAsync($"api/streams/{channel.Name}") is { IsSuccessStatusCode: true } response
                ? await response.Content.ReadFromJsonAsync<LiveStream>()
                : null,
            Timeout, "the stream to go live");

        var home = await chromium.Browser.OpenAsync(fixture.Api.BaseAddress);
        await home.WaitForSelectorAsync($"[data-channel='{channel.Name}']", new() { Timeout = 15_000 });
        Assert.Contains("LIVE", await home.InnerTextAsync($"[data-channel='{channel.Name}']"));
        await WaitForAsync(home, $"document.querySelector(\"[data-channel='{channel.Name}'] img\")?.naturalWidth > 0");
        await Browser.ScreenshotAsync(home, "home-live");
        Assert.DoesNotContain(channel.StreamKey, await home.ContentAsync());

        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await WaitForAsync(watch, "player.state === 'live' && document.getElementById('video').currentTime > 2");
        var before = await watch.EvaluateAsync<double>("document.getElementById('video').currentTime");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await watch.EvaluateAsync<double>("document.getElementById('video').currentTime");
        Assert.True(after > before + 1, $"playback did not advance: {before} -> {after}");
        await WaitForAsync(watch, "player.latency !== null");
        var latency = await watch.EvaluateAsync<double>("player.latency");
        Assert.True(latency > 0, $"latency {latency}");
        Assert.Contains("behind live", await watch.InnerTextAsync("#latency"));
        Assert.Empty(await watch.EvaluateAsync<string[]>("player.fatalErrors"));
        Assert.DoesNotContain(channel.StreamKey, await watch.ContentAsync());
        await Browser.ScreenshotAsync(watch, "watch-live");
        Console.WriteLine($"watch page: live latency {latency.ToString("F2", CultureInfo.InvariantCulture)} s");

        await phone.StopAsync();

        await WaitForAsync(watch, "player.state === 'offline'");
        // The VOD is ready seconds after the stop; a test before this one may have just restarted the broker or worker.
        await WaitForAsync(watch, "player.vod !== null && document.getElementById('video').src.includes('/api/vods/')", seconds: 60);
        Assert.Equal(stream.BroadcastId, await watch.EvaluateAsync<string>("player.vod")); // the broadcast's own VOD
        Assert.False(await watch.IsHiddenAsync("#offline"));
        await Browser.ScreenshotAsync(watch, "watch-offline-vod");
    }

    [Fact]
    public async Task VodPageSeeksToTheMiddleAndPlays()
    {
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "webvod", seconds: 6);
        await recording.AnnounceAsync(fixture.Api);
        using var api = fixture.Api.CreateHttpClient();
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);

        var page = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"vod/{vod.Id}"));
        await WaitForAsync(page, "document.getElementById('video').readyState >= 1");
        var middle = await page.EvaluateAsync<double>("(() => { const v = document.getElementById('video'); v.muted = true; v.currentTime = v.duration / 2; v.play(); return v.duration / 2; })()");
        await WaitForAsync(page, $"document.getElementById('video').currentTime > {(middle + 1).ToString(CultureInfo.InvariantCulture)}");

        Assert.InRange(await page.EvaluateAsync<double>("document.getElementById('video').duration"), 5.5, 6.5);
        Assert.Equal(vod.DownloadUrl, await page.GetAttributeAsync("#download", "href"));
        Assert.Contains(recording.Channel, await page.InnerTextAsync("#title"));
        Assert.Equal(vod.PosterUrl, await page.EvaluateAsync<string>("document.getElementById('video').getAttribute('poster')"));
        await Browser.ScreenshotAsync(page, "vod");
    }

    [Fact]
    public async Task VodDeletedWhileItPlaysSaysSoOnItsPage()
    {
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "webdel", seconds: 30);
        await recording.AnnounceAsync(fixture.Api);
        using var api = fixture.Api.CreateHttpClient();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", Timeout);
        var page = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"vod/{vod.Id}"));
        await WaitForAsync(page, "document.getElementById('video').readyState >= 1");
        await page.EvaluateAsync("(() => { const v = document.getElementById('video'); v.muted = true; v.play(); })()");
        await WaitForAsync(page, "document.getElementById('video').currentTime > 1");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/vods/{vod.Id}")).StatusCode);

        await WaitForAsync(page, "!document.getElementById('deleted').hidden", seconds: 30);
        Assert.Contains("deleted", await page.InnerTextAsync("#deleted"));
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('video').paused"));
    }

    [Fact]
    public async Task WatchPageGoesBackToLiveByItselfWhenThePhoneReconnects()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "back");
        using var api = fixture.Api.CreateHttpClient();
        IPage watch;
        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the stream to go live");
            watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
            await WaitForAsync(watch, "player.state === 'live' && document.getElementById('video').currentTime > 1");
            await phone.StopAsync();
            await WaitForAsync(watch, "player.state === 'offline'");
        }

        var starts = await watch.EvaluateAsync<int>("player.liveStarts");
        await using var again = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));

        await WaitForAsync(watch, $"player.liveStarts > {starts} && player.state === 'live' && document.getElementById('video').currentTime > 1");
        var before = await watch.EvaluateAsync<double>("document.getElementById('video').currentTime");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(await watch.EvaluateAsync<double>("document.getElementById('video').currentTime") > before + 1, "playback did not resume");
        Assert.True(await watch.IsHiddenAsync("#offline"));
        Assert.Empty(await watch.EvaluateAsync<string[]>("player.fatalErrors"));
        await Browser.ScreenshotAsync(watch, "watch-back-live");
    }

    [Fact]
    public async Task AdminPageCreatesAChannelWithAQrCodeThatDecodesToItsPublishAddress()
    {
        var admin = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, "admin"));
        await admin.FillAsync("#admin-key", "not-the-admin-key-at-all");
        await admin.ClickAsync("#login button");
        await WaitForAsync(admin, "!document.getElementById('login-error').hidden");
        Assert.True(await admin.IsHiddenAsync("#admin"));

        await admin.FillAsync("#admin-key", ApiServer.AdminKey);
        await admin.ClickAsync("#login button");
        await WaitForAsync(admin, "!document.getElementById('admin').hidden");
        var name = Channels.UniqueName("admin");
        await admin.FillAsync("#channel-name", name);
        await admin.ClickAsync("#create button");
        await WaitForAsync(admin, "!document.getElementById('credentials').hidden && document.getElementById('qr').naturalWidth > 0");

        var publishUrl = await admin.InnerTextAsync("#publish-url");
        Assert.StartsWith($"rtmp://127.0.0.1:1935/live/{name}?key=", publishUrl);
        using var folder = new TempFolder("qr");
        await admin.Locator("#qr").ScreenshotAsync(new LocatorScreenshotOptions { Path = folder.Combine("qr.png") });
        var (exit, decoded) = await ChildProcess.RunAsync("zbarimg", ["--nodbus", "--raw", "-q", folder.Combine("qr.png")], TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        Assert.Equal(publishUrl, decoded.Trim());
        await WaitForAsync(admin, $"document.querySelector(\"#channels tr[data-channel='{name}']\") !== null");
        await Browser.ScreenshotAsync(admin, "admin");

        // The key works, and no public page shows it.
        var key = publishUrl[(publishUrl.IndexOf("?key=", StringComparison.Ordinal) + 5)..];
        using var api = fixture.Api.CreateHttpClient();
        var hook = await api.PostAsync($"hooks/publish?secret={ApiServer.HookSecret}&node=web", HookForms.Publish(name, key, "1"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, hook.StatusCode);
        var home = await chromium.Browser.OpenAsync(fixture.Api.BaseAddress);
        await home.WaitForSelectorAsync($"[data-channel='{name}']", new() { Timeout = 15_000 });
        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{name}"));
        await WaitForAsync(watch, "player.state !== 'connecting'");
        Assert.DoesNotContain(key, await home.ContentAsync());
        Assert.DoesNotContain(key, await watch.ContentAsync());
        Assert.DoesNotContain(key, await api.GetStringAsync("api/streams"));
    }

    private static Task WaitForAsync(IPage page, string condition, int seconds = 30) => Browser.WaitForAsync(page, condition, seconds);
}
