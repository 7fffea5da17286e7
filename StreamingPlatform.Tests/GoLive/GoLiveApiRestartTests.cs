using System.Diagnostics;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.GoLive;

/// <summary>The Api killed under a browser broadcast: its FFmpeg goes with it, the page reconnects, the broadcast goes on.</summary>
[Collection(ApiRestartCollection.Name)]
public sealed class GoLiveApiRestartTests(ApiRestartFixture fixture, FakeCameraChromiumFixture camera) : IClassFixture<FakeCameraChromiumFixture>
{
    [Fact]
    public async Task BrowserBroadcastContinuesAsTheSameBroadcastWhenTheApiDiesAndComesBack()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, "golivekill");
        var page = await GoLivePage.StartAsync(camera.Browser, fixture.Nginx.HttpBaseAddress, channel.Name, channel.StreamKey);
        await Browser.WaitForAsync(page, "goLive.live", 60);
        var broadcast = await page.EvaluateAsync<string>("goLive.session");
        var live = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));

        await fixture.Api.KillAsync();
        var before = live.Elapsed.TotalSeconds;
        await Browser.WaitForAsync(page, "goLive.state === 'reconnecting'", 30);
        await fixture.Api.StartAgainAsync();

        await Browser.WaitForAsync(page, "goLive.live && goLive.messages.filter(m => m.type === 'live').length >= 2", 60);
        Assert.Equal(broadcast, await page.EvaluateAsync<string>("goLive.session"));
        live.Restart();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await page.ClickAsync("#stop");
        var after = live.Elapsed.TotalSeconds;
        await Browser.WaitForAsync(page, "goLive.state === 'offline'", 30);

        using var api = fixture.Api.CreateHttpClient();
        // One VOD built from both connections' recordings, so longer than either part. How much media each part holds
        // is not asked: FFmpeg dies with the Api and loses what it still buffered, more of it the busier the machine.
        var catalogue = new VodCatalogue(fixture.RedisDatabase.Multiplexer);
        var vod = await Eventually.GetAsync(async () => await catalogue.GetAsync(broadcast) is { Status: VodStatus.Ready, Sources.Count: 2 } ready ? ready : null,
            TimeSpan.FromSeconds(ApiServer.ReconnectGraceSeconds + 90), $"the VOD of {broadcast} from two recordings");
        Assert.True(vod.DurationSeconds > Math.Max(before, after), $"VOD {vod.DurationSeconds:F2} s; live {before:F2} s, then {after:F2} s");
        Assert.Equal([broadcast], (await Vods.ListAsync(api, channel.Name)).Select(v => v.Id));
        await page.CloseAsync();
    }
}
