using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// Rewind while live: the watch page switches to nginx's DVR playlist when the viewer goes back and to the live edge
/// when LIVE is clicked, checked against the wall clock ffmpeg burnt into each frame.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class DvrTests(LiveIngestFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const int RewindSeconds = 20;
    private const double EdgeSeconds = 4;

    [Fact]
    public async Task RewindingTwentySecondsShowsTheFramesOfThenAndLiveReturnsToTheEdge()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "dvr");
        await using var phone = FfmpegPublisher.StartWithBurntInClock(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        var stream = await Eventually.GetAsync(async () =>
        {
            var response = await api.GetAsync($"api/streams/{channel.Name}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LiveStream>() : null;
        }, TimeSpan.FromSeconds(40), "the stream to go live");
        Assert.Equal($"http://127.0.0.1:{fixture.Nginx.HttpPort}/hls/.dvr/{channel.Name}/index.m3u8", stream.DvrUrl);

        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await watch.AddScriptTagAsync(new PageAddScriptTagOptions { Path = FfmpegPublisher.BurntInClockReader });
        await WaitForAsync(watch, "player.state === 'live' && player.mode === 'edge' && document.getElementById('video').currentTime > 3", seconds: 60);

        // Enough broadcast behind us to go 20 s back, in the DVR's 4 s fragments.
        var liveFor = DateTimeOffset.UtcNow - stream.StartedAt;
        var wanted = TimeSpan.FromSeconds(RewindSeconds + 12);
        if (liveFor < wanted)
        {
            await Task.Delay(wanted - liveFor);
        }

        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var edgeBytes = (await nginx.GetByteArrayAsync($"hls/{channel.Name}/index.m3u8")).Length;
        var dvrPlaylist = await nginx.GetStringAsync($"hls/.dvr/{channel.Name}/index.m3u8");
        Console.WriteLine($"playlist bytes after {(DateTimeOffset.UtcNow - stream.StartedAt).TotalSeconds:F0} s: edge {edgeBytes}, DVR {dvrPlaylist.Length}");
        // One unbroken timeline: nginx's push to the dvr application stayed up (the first fragment is always marked).
        Assert.True(Count(dvrPlaylist, "#EXT-X-DISCONTINUITY") <= 1, $"the DVR copy was cut: {dvrPlaylist}");
        Assert.True(Duration(dvrPlaylist) >= RewindSeconds + 4, $"the DVR playlist does not reach 20 s back: {dvrPlaylist}");

        // The viewer drags the rewind bar to 20 s behind live.
        await watch.EvaluateAsync($"() => {{ const t = document.getElementById('timeline'); t.value = '-{RewindSeconds}'; t.dispatchEvent(new Event('change')); }}");
        await WaitForAsync(watch, "player.mode === 'dvr' && !document.getElementById('video').paused && document.getElementById('video').readyState >= 3 && player.latency !== null", seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var rewound = await ReadAsync(watch, samples: 6);
        var report = string.Join("; ", rewound);
        Console.WriteLine($"rewound: {report}");
        await Browser.ScreenshotAsync(watch, "watch-rewound");
        var read = rewound.Where(r => r.True is not null).ToList();
        Assert.True(read.Count >= 4, $"the burnt-in clock could not be read often enough: {report}");
        // 20 s back, plus the time the DVR player took to start (the position is fixed while it loads).
        Assert.All(read, r => Assert.InRange(r.True!.Value, RewindSeconds - 1.5, RewindSeconds + 6));
        Assert.All(read.Where(r => r.Shown is not null), r => Assert.True(Math.Abs(r.Shown!.Value - r.True!.Value) <= 1.0,
            $"the page shows {r.Shown:F1} s behind live while the frame on screen is {r.True:F2} s old; all: {report}"));

        // One click on LIVE: back at the edge.
        await watch.ClickAsync("#state");
        var clicked = Stopwatch.StartNew();
        await WaitForAsync(watch, "player.mode === 'edge' && !document.getElementById('video').paused && document.getElementById('video').readyState >= 3", seconds: 30);
        Reading? atEdge = null;
        var seen = new List<Reading>();
        while (clicked.Elapsed < TimeSpan.FromSeconds(20) && atEdge is null)
        {
            var reading = (await ReadAsync(watch, samples: 1))[0];
            seen.Add(reading);
            atEdge = reading.True is <= EdgeSeconds and > 0 ? reading : null;
        }

        Console.WriteLine($"after LIVE: {string.Join("; ", seen)}; at the edge {clicked.Elapsed.TotalSeconds:F1} s after the click");
        Assert.True(atEdge is not null, $"not within {EdgeSeconds} s of live 20 s after clicking LIVE: {string.Join("; ", seen)}");
        var after = (await ReadAsync(watch, samples: 4)).Where(r => r.True is not null).ToList();
        Assert.All(after, r => Assert.True(r.True <= EdgeSeconds, $"fell behind again after LIVE: {string.Join("; ", after)}"));
        Assert.Empty(await watch.EvaluateAsync<string[]>("player.fatalErrors"));
    }

    [Fact]
    public async Task ABroadcastResumedWithinTheGraceWindowIsOneDvrTimeline()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "dvr-resume");
        foreach (var part in new[] { 1, 2 })
        {
            await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), TimeSpan.FromSeconds(10));
            Assert.True(await phone.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"push {part} did not end");
            Assert.Equal(0, phone.ExitCode);
        }

        // nginx's hls_continuous read the first connection's playlist back: both parts, one discontinuity between them.
        var playlist = await File.ReadAllTextAsync(Path.Combine(fixture.Nginx.DvrPath, channel.Name, "index.m3u8"));
        Assert.Equal(2, Count(playlist, "#EXT-X-DISCONTINUITY"));
        Assert.InRange(Duration(playlist), 17, 22);
    }

    private static int Count(string playlist, string tag) => playlist.Split('\n').Count(l => l.Trim() == tag);

    private static double Duration(string playlist) => playlist.Split('\n')
        .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
        .Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));

    private static async Task<List<Reading>> ReadAsync(IPage page, int samples)
    {
        var readings = new List<Reading>();
        for (var i = 0; i < samples; i++)
        {
            var values = await page.EvaluateAsync<double?[]>("""
                (() => {
                  const captured = readBurntInClock(document.getElementById('video'));
                  const shown = /^(-?[0-9.]+) s behind live$/.exec(document.getElementById('latency').textContent);
                  return [captured === null ? null : (Date.now() - captured) / 1000, shown ? Number(shown[1]) : null];
                })()
                """);
            readings.Add(new Reading(values[0], values[1]));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return readings;
    }

    private sealed record Reading(double? True, double? Shown)
    {
        public override string ToString() =>
            $"true {True?.ToString("F2", CultureInfo.InvariantCulture) ?? "unreadable"} shown {Shown?.ToString("F1", CultureInfo.InvariantCulture) ?? "-"}";
    }

    private static Task WaitForAsync(IPage page, string condition, int seconds) => Browser.WaitForAsync(page, condition, seconds);
}
