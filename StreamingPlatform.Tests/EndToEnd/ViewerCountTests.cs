using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>Live viewer counts: watch pages in Chromium report their presence; made-up ids cannot inflate the count.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class ViewerCountTests(LiveIngestFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly ViewerOptions Defaults = new();

    [Fact]
    public async Task ThreeTabsCountThreeClosingOneLeavesTwoWithinTheExpiryAndTheVodKeepsThePeak()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "viewers");
        using var api = fixture.Api.CreateHttpClient();
        var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        try
        {
            var stream = await Eventually.GetAsync(() => StreamAsync(api, channel.Name), TimeSpan.FromSeconds(40), "the stream to go live");
            Assert.Equal(0, stream.Viewers);

            var tabs = new List<IPage>();
            for (var i = 0; i < 3; i++)
            {
                tabs.Add(await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}")));
            }

            await Eventually.TrueAsync(async () => (await StreamAsync(api, channel.Name))?.Viewers == 3, TimeSpan.FromSeconds(60), "3 viewers");
            // The streaming.viewers gauge of this channel (the Api runs in this process; its gauge counts every 5 s).
            await Eventually.TrueAsync(() => Task.FromResult(ViewersGauge(channel.Name) == 3), TimeSpan.FromSeconds(20), "streaming.viewers = 3");
            await tabs[0].WaitForFunctionAsync("document.getElementById('viewers').textContent === '3 watching'", null,
                new PageWaitForFunctionOptions { Timeout = 15_000 });
            var home = await chromium.Browser.OpenAsync(fixture.Api.BaseAddress);
            await home.WaitForFunctionAsync($"document.querySelector('[data-channel=\"{channel.Name}\"] .viewers')?.textContent === '3 watching'", null,
                new PageWaitForFunctionOptions { Timeout = 15_000 });
            await Browser.ScreenshotAsync(home, "home-viewers");

            await tabs[2].CloseAsync();
            var closed = Stopwatch.StartNew();
            await Eventually.TrueAsync(async () => (await StreamAsync(api, channel.Name))?.Viewers == 2,
                TimeSpan.FromSeconds(Defaults.ExpirySeconds + 8), "2 viewers after closing a tab");
            Console.WriteLine($"closed tab no longer counted after {closed.Elapsed.TotalSeconds:F1} s (expiry {Defaults.ExpirySeconds} s)");
            await Task.Delay(TimeSpan.FromSeconds(Defaults.ReportIntervalSeconds + 1));
            Assert.Equal(2, (await StreamAsync(api, channel.Name))!.Viewers);

            await phone.StopAsync();
            var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(60));
            Assert.Equal(3, vod.PeakViewers);
            Assert.Equal(3, (await api.GetFromJsonAsync<Vod>($"api/vods/{vod.Id}"))!.PeakViewers);
        }
        finally
        {
            await phone.DisposeAsync();
        }
    }

    [Fact]
    public async Task MadeUpIdsFromOneClientStayWithinTheCapAndBadReportsWriteNothing()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "flood");
        using var api = fixture.Api.CreateHttpClient();
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Eventually.GetAsync(() => StreamAsync(api, channel.Name), TimeSpan.FromSeconds(40), "the stream to go live");
        var spansBefore = fixture.Api.Spans.Count;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 300; i++)
        {
            var response = await api.PostAsync($"api/streams/{channel.Name}/viewers/{Guid.NewGuid():N}", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(Defaults.PerAddressCap, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(300 - Defaults.PerAddressCap, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(Defaults.PerAddressCap, (await StreamAsync(api, channel.Name))!.Viewers);

        // What the flood left in Redis: the channel's set and the address's set, PerAddressCap ids each.
        var redis = fixture.RedisDatabase;
        Assert.Equal(Defaults.PerAddressCap, await redis.SortedSetLengthAsync(StoreKeys.Viewers(channel.Name)));
        Assert.Equal(Defaults.PerAddressCap, await redis.SortedSetLengthAsync(StoreKeys.ViewersFromAddress(channel.Name, "127.0.0.1")));
        var bytes = (long)await redis.ExecuteAsync("MEMORY", "USAGE", StoreKeys.Viewers(channel.Name).ToString())
            + (long)await redis.ExecuteAsync("MEMORY", "USAGE", StoreKeys.ViewersFromAddress(channel.Name, "127.0.0.1").ToString());
        Console.WriteLine($"Redis memory of a flood of 300 made-up ids from one address: {bytes} bytes");
        Assert.InRange(bytes, 1, 4096);

        foreach (var bad in new[] { "not-hex", new string('a', 31), new string('a', 33), new string('A', 32) })
        {
            var response = await api.PostAsync($"api/streams/{channel.Name}/viewers/{bad}", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var offline = Channels.UniqueName("offline");
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"api/streams/{offline}/viewers/{Guid.NewGuid():N}", null)).StatusCode);
        Assert.False(await redis.KeyExistsAsync(StoreKeys.Viewers(offline)));
        Assert.Equal(Defaults.PerAddressCap, await redis.SortedSetLengthAsync(StoreKeys.Viewers(channel.Name)));

        // Nothing per viewer in traces: none of these reports made a span.
        Assert.DoesNotContain(fixture.Api.Spans.Snapshot().Skip(spansBefore), s => s.DisplayName.Contains("viewers", StringComparison.Ordinal)
            || (s.GetTagItem("url.path") as string)?.Contains("/viewers/", StringComparison.Ordinal) == true);
    }

    private static long? ViewersGauge(string channel)
    {
        long? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "StreamingPlatform.Api" && instrument.Name == "streaming.viewers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "streaming.channel" && (string?)tag.Value == channel)
                {
                    value = measurement;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    private static async Task<LiveStream?> StreamAsync(HttpClient api, string name)
    {
        var response = await api.GetAsync($"api/streams/{name}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LiveStream>() : null;
    }
}
