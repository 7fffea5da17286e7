using Microsoft.Playwright;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>The watch page in Chromium when the stream changes under it: a new size mid-stream, or media it cannot play.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LivePlayerTests(LiveIngestFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const int SecondsEach = 14;

    [Fact]
    public async Task WatchPageKeepsPlayingAcrossASizeChangeThatComesWithANewSequenceHeader()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rotlive");
        using var folder = new TempFolder("rotlive");
        await using var phone = await FfmpegPublisher.StartRotatedAsync(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), folder, SecondsEach);

        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await Browser.WaitForAsync(watch, "player.state === 'live' && document.getElementById('video').currentTime > 1 && document.getElementById('video').videoHeight === 360", 30);
        await Browser.WaitForAsync(watch, "document.getElementById('video').videoHeight === 640", SecondsEach + 20);
        var before = await watch.EvaluateAsync<double>("document.getElementById('video').currentTime");
        await Browser.WaitForAsync(watch, $"document.getElementById('video').currentTime > {before + 2}", 10);

        Assert.True(await watch.IsHiddenAsync("#problem"), await watch.InnerTextAsync("#problem"));
        Console.WriteLine($"fatal errors across the size change: [{string.Join(", ", await watch.EvaluateAsync<string[]>("player.fatalErrors"))}]");
        await Browser.ScreenshotAsync(watch, "watch-rotated");
    }

    [Fact]
    public async Task StreamThePageCannotPlaySaysSoInsteadOfFreezing()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "unplayable");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, TimeSpan.FromSeconds(40), "the stream to go live");
        var page = await chromium.Browser.Instance.NewPageAsync();
        // Every media segment arrives as bytes no demuxer takes: what a viewer gets from a broken cache or encoder.
        await page.RouteAsync("**/*.ts", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "video/mp2t", BodyBytes = new byte[188 * 64] }));
        await page.GotoAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}").ToString());

        await Browser.WaitForAsync(page, "!document.getElementById('problem').hidden", 60);

        Assert.Contains("This stream cannot be played right now", await page.InnerTextAsync("#problem"));
        // hls.js reports no fatal error for these: the page's own watch on the picture said it.
        Assert.True(await page.EvaluateAsync<int>("player.frozen + player.fatalErrors.length") > 0);
        Console.WriteLine($"message: {await page.InnerTextAsync("#problem")}");
        await Browser.ScreenshotAsync(page, "watch-unplayable");
    }
}
