using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The delay the watch page shows is the true one: how long ago the frame on screen left the publisher, checked
/// against the wall clock ffmpeg burnt into each frame (read from the video in the page, on the machine's one clock).
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class LiveDelayTests(LiveIngestFixture fixture, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const double Tolerance = 0.5;
    private const int Samples = 12;

    [Fact]
    public async Task WatchPageShowsTheTrueDelayOfTheFrameOnScreen()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "delay");
        await using var phone = FfmpegPublisher.StartWithBurntInClock(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(40), "the stream to go live");

        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await watch.AddScriptTagAsync(new PageAddScriptTagOptions { Path = FfmpegPublisher.BurntInClockReader });
        // Past start-up: playing, a delay shown, heartbeats (every second here) have measured the clock, the first catch-up done.
        await WaitForAsync(watch, "player.state === 'live' && player.latency !== null && document.getElementById('video').currentTime > 5", seconds: 60);

        var readings = new List<Reading>();
        for (var i = 0; i < Samples; i++)
        {
            readings.Add(JsonSerializer.Deserialize<Reading>(await watch.EvaluateAsync<string>(ReadScript), JsonSerializerOptions.Web)!);
            await Task.Delay(TimeSpan.FromMilliseconds(700));
        }

        await Browser.ScreenshotAsync(watch, "watch-true-delay");
        var report = string.Join("; ", readings.Select(r => r.ToString()));
        Console.WriteLine($"shown vs true delay: {report}");
        var read = readings.Where(r => r.True is not null && r.Shown is not null).ToList();
        Assert.True(read.Count >= Samples * 3 / 4, $"the burnt-in clock or the shown delay could not be read often enough: {report}");
        Assert.All(read, r => Assert.True(r.True > 0 && r.True < 30, $"implausible true delay (clock misread?): {report}"));
        Assert.All(read, r => Assert.True(Math.Abs(r.Shown!.Value - r.True!.Value) <= Tolerance,
            $"the page shows {r.Shown:F1} s behind live while the frame on screen is {r.True:F2} s old; all: {report}"));
        Assert.Empty(await watch.EvaluateAsync<string[]>("player.fatalErrors"));
    }

    /// <summary>
    /// hls.js steers one second further behind live after each stall and never comes back by itself; the page takes the
    /// extra second back after half a minute without a stall, so one bad moment does not cost the rest of the broadcast.
    /// </summary>
    [Fact]
    public async Task AStallPushesThePlayerBackOnlyUntilHalfAMinuteOfSmoothPlayback()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "stall");
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        using var api = fixture.Api.CreateHttpClient();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(40), "the stream to go live");
        var watch = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await WaitForAsync(watch, "player.state === 'live' && player.targetLatency === 2 && document.getElementById('video').currentTime > 3", seconds: 60);

        // The phone's network goes for 5 s: the player's 2 s of buffer run dry, and hls.js counts a stall.
        await phone.FreezeAsync(TimeSpan.FromSeconds(5));
        await WaitForAsync(watch, "player.bufferStalls > 0 && player.targetLatency > 2", seconds: 30);
        var raised = Stopwatch.StartNew();
        Console.WriteLine($"target delay raised to {await watch.EvaluateAsync<double>("player.targetLatency")} s after the stall");

        await WaitForAsync(watch, "player.targetLatency === 2", seconds: 60);
        Console.WriteLine($"target delay back to 2 s {raised.Elapsed.TotalSeconds:F1} s after it was raised");
        Assert.InRange(raised.Elapsed.TotalSeconds, 20, 45); // not at once: after the quiet half minute
        await WaitForAsync(watch, "player.edgeLatency !== null && player.edgeLatency < 2.6", seconds: 30);
        Assert.Empty(await watch.EvaluateAsync<string[]>("player.fatalErrors"));
    }

    // The frame on screen, its burnt-in capture time against the clock now, and the delay the page shows at that moment.
    private const string ReadScript = """
        (() => {
          const captured = readBurntInClock(document.getElementById('video'));
          const text = document.getElementById('latency').textContent;
          const shown = /^(-?[0-9.]+) s behind live$/.exec(text);
          return JSON.stringify({
            true: captured === null ? null : (Date.now() - captured) / 1000,
            shown: shown ? Number(shown[1]) : null,
            text,
            edge: window.player.edgeLatency ?? null,
            measured: window.player.latencyMeasured ?? null,
          });
        })()
        """;

    // Edge: hls.js's distance to the playlist's edge, for comparison; Measured: the clock comes from heartbeats.
    private sealed record Reading(double? True, double? Shown, string Text, double? Edge, bool? Measured)
    {
        public override string ToString() =>
            $"shown {Shown?.ToString("F1", CultureInfo.InvariantCulture) ?? $"'{Text}'"} true {True?.ToString("F2", CultureInfo.InvariantCulture) ?? "unreadable"}"
            + $" (edge {Edge?.ToString("F2", CultureInfo.InvariantCulture) ?? "-"}, measured {Measured?.ToString() ?? "-"})";
    }

    private static Task WaitForAsync(IPage page, string condition, int seconds) => Browser.WaitForAsync(page, condition, seconds);
}
