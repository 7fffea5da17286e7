using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The quality ladder against the whole platform: the VodWorker's transcoder plays a channel from nginx over
/// RTMP, publishes 480p and 240p back to nginx's ladder application, and the Api serves the master playlist.
/// The phone sends 1024x576 at 25 fps with a 1 s GOP.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed partial class LadderTests(LiveIngestFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string SourceSize = "1024x576";
    private Browser? _browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task MasterPlaylistListsEachRenditionWhoseSegmentsDecodeAtItsResolutionWhileAChannelWithoutLadderStartsNoTranscoder()
    {
        var laddered = await CreateChannelAsync("abr", ladder: true);
        var plain = await CreateChannelAsync("plain", ladder: false);
        await using var ladderPhone = StartPhone(laddered);
        await using var plainPhone = StartPhone(plain);
        using var api = fixture.Api.CreateHttpClient();

        var stream = await WaitForRenditionsAsync(api, laddered.Name);
        // While the ladder runs, no process's command line holds the ladder secret (ps shows them to every local user).
        var holders = ProcessTable.CommandLines();
        Assert.Contains(holders, c => c.Contains($"/live/{laddered.Name}?token=", StringComparison.Ordinal)); // the transcoder is among them
        Assert.DoesNotContain(holders, c => c.Contains(ApiServer.LadderSecret, StringComparison.Ordinal));
        var masterResponse = await api.GetAsync(stream.Ladder!.MasterUrl.TrimStart('/'));
        Assert.Equal(HlsLayout.PlaylistCacheControl, masterResponse.Headers.CacheControl?.ToString());
        var master = await masterResponse.Content.ReadAsStringAsync();
        var variants = ParseMaster(master);
        Assert.Equal(["source", "480p", "240p"], variants.Select(v => v.Name));
        Assert.Equal([(1024, 576), (854, 480), (426, 240)], variants.Select(v => (v.Width, v.Height)));
        Assert.True(variants[0].Bandwidth > variants[1].Bandwidth && variants[1].Bandwidth > variants[2].Bandwidth,
            $"bandwidths not falling with the resolution: {master}");
        Assert.Equal(stream.HlsUrl, variants[0].Url); // the source is nginx's own HLS, never re-encoded

        using var nginx = new HttpClient();
        foreach (var variant in variants)
        {
            var segment = await LastSegmentAsync(nginx, variant.Url, segments: 2);
            var (codec, width, height) = await ProbeVideoAsync(segment);
            Assert.Equal(("h264", variant.Width, variant.Height), (codec, width, height));
        }

        Assert.NotEmpty(TranscoderPids(laddered.Name));

        // The plain channel: listed without a ladder, no master playlist, and nothing transcodes it (the worker has
        // scanned several rounds by now).
        var listed = await api.GetFromJsonAsync<LiveStream[]>("api/streams");
        Assert.Null(Assert.Single(listed!, s => s.Name == plain.Name).Ladder);
        Assert.NotNull(Assert.Single(listed!, s => s.Name == laddered.Name).Ladder);
        var noMaster = await api.GetAsync($"api/streams/{plain.Name}/master.m3u8");
        Assert.Equal(HttpStatusCode.NotFound, noMaster.StatusCode);
        Assert.Equal(HlsLayout.PlaylistCacheControl, noMaster.Headers.CacheControl?.ToString());
        var plainStream = await api.GetFromJsonAsync<LiveStream>($"api/streams/{plain.Name}");
        Assert.Empty(TranscoderPids(plain.Name));
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.LadderLease(plainStream!.BroadcastId)));
        Assert.True(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.LadderLease(stream.BroadcastId)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(fixture.Nginx.HlsPath, ".ladder"), $"{plain.Name}-*"));

        // The broadcast ends: its transcoder stops with it, and its span (in the broadcast's trace) says so.
        var traceId = ((string)(await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(laddered.Name)))!).Split("\"traceParent\":\"00-")[1][..32];
        await ladderPhone.StopAsync();
        await Eventually.TrueAsync(() => Task.FromResult(TranscoderPids(laddered.Name).Count == 0), Timeout, "the transcoder to stop");
        // Released by its owner right after FFmpeg is gone, not left to lapse.
        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.LadderLease(stream.BroadcastId)),
            TimeSpan.FromSeconds(5), "the lease to be released");
        var span = await Eventually.GetAsync(() => Task.FromResult(fixture.WorkerTelemetry.Spans.FirstOrDefault(
            s => s.Name == "ladder transcode" && s.Attributes.GetValueOrDefault("streaming.session.id") == stream.BroadcastId)), Timeout, "the transcoding span");
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal("ended", span.Attributes["streaming.ladder.outcome"]);
        Assert.Equal("480p 854x480, 240p 426x240", span.Attributes["streaming.ladder.renditions"]);
        Assert.True(fixture.WorkerTelemetry.AnyPayloadContains("streaming.ladder.encoder.speed"), "no encoder speed metric exported");
    }

    [Fact]
    public async Task WatchPagePlaysTheMasterSwitchesTo240pOnRequestAndPlaysTheSourceWhileAKilledTranscoderComesBack()
    {
        _browser = await Browser.LaunchAsync();
        var channel = await CreateChannelAsync("abrweb", ladder: true);
        await using var phone = StartPhone(channel);
        using var api = fixture.Api.CreateHttpClient();
        var stream = await WaitForRenditionsAsync(api, channel.Name);

        var watch = await _browser.OpenAsync(new Uri(fixture.Api.BaseAddress, $"watch/{channel.Name}"));
        await WaitForAsync(watch, "player.url?.endsWith('master.m3u8') && player.levels.length === 3 && document.getElementById('video').currentTime > 1");
        Assert.Equal(["Auto", "576p (source)", "480p", "240p"], await watch.Locator("#quality option").AllInnerTextsAsync());
        Assert.True(await watch.IsVisibleAsync("#quality"));

        await watch.SelectOptionAsync("#quality", new SelectOptionValue { Label = "240p" });
        await WaitForAsync(watch, "document.getElementById('video').videoHeight === 240");
        await AssertPlaysOnAsync(watch);
        await Browser.ScreenshotAsync(watch, "watch-ladder-240p");

        // The transcoder's FFmpeg dies: the page falls back to the source, which never stopped, and the ladder comes back.
        var killed = TranscoderPids(channel.Name);
        Assert.NotEmpty(killed);
        killed.ForEach(pid => Posix.Signal(pid, Posix.SigKill));
        await WaitForAsync(watch, $"player.url === '{stream.HlsUrl}'", seconds: 15);
        await WaitForAsync(watch, "document.getElementById('video').videoHeight === 576");
        await AssertPlaysOnAsync(watch);

        await WaitForAsync(watch, "player.url?.endsWith('master.m3u8') && player.levels.length === 3", seconds: 60);
        var restarted = TranscoderPids(channel.Name);
        Assert.NotEmpty(restarted);
        Assert.Empty(restarted.Intersect(killed));
        await AssertPlaysOnAsync(watch);
        Assert.Contains($"Channel {channel.Name} (broadcast {stream.BroadcastId}): FFmpeg exited", fixture.Worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.LadderSecret, fixture.Worker.Output, StringComparison.Ordinal); // FFmpeg's messages quote its URLs
        Assert.DoesNotContain(channel.StreamKey, await watch.ContentAsync());
    }

    /// <summary>
    /// Two workers, one broadcast: the second sees the first's lease and starts nothing; when the first is killed with its
    /// FFmpeg (SIGKILL, as a lost container), the second takes the broadcast over within a lease and its renditions go live.
    /// </summary>
    [Fact]
    public async Task ASecondWorkerNeverTranscodesTheSameBroadcastAndTakesItOverWhenTheFirstIsKilled()
    {
        var channel = await CreateChannelAsync("takeover", ladder: true);
        await using var phone = StartPhone(channel);
        using var api = fixture.Api.CreateHttpClient();
        var stream = await WaitForRenditionsAsync(api, channel.Name);
        var lease = StoreKeys.LadderLease(stream.BroadcastId);
        var first = (string?)await fixture.RedisDatabase.StringGetAsync(lease);
        Assert.NotNull(first);

        var settings = fixture.WorkerSettings;
        settings["Logging:LogLevel:StreamingPlatform.VodWorker.Ladder"] = "Debug";
        await using var second = await WorkerProcess.StartAsync(settings);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(second.Output.Contains(
                    $"Channel {channel.Name} (broadcast {stream.BroadcastId}) is transcoded by another worker ({first}); not here", StringComparison.Ordinal)),
                Timeout, "the second worker to see the lease held");
            Assert.Single(TranscoderPids(channel.Name));
            Assert.Equal(first, (string?)await fixture.RedisDatabase.StringGetAsync(lease));

            await fixture.Worker.KillAsync();
            var killed = Stopwatch.StartNew();
            var live = $"Channel {channel.Name} (broadcast {stream.BroadcastId}): renditions are live";
            await Eventually.TrueAsync(() => Task.FromResult(second.Output.Contains(live, StringComparison.Ordinal)), Timeout,
                "the second worker's renditions");
            output.WriteLine($"renditions live again {killed.Elapsed.TotalSeconds:F1} s after the first worker was killed");
            Assert.NotEqual(first, (string?)await fixture.RedisDatabase.StringGetAsync(lease));
            Assert.Single(TranscoderPids(channel.Name));
        }
        finally
        {
            await fixture.Worker.StartAgainAsync();
        }
    }

    /// <summary>
    /// nginx asks the Api before any RTMP play or rendition publish, and the Api admits the transcoder's secret only. From
    /// 127.0.0.1 too: the first version let loopback in by address, which in a container or behind Container Apps' TCP
    /// ingress proves nothing.
    /// </summary>
    [Fact]
    public async Task OnlyTheTranscodersTokenPlaysAChannelOverRtmpOrPublishesARendition()
    {
        var channel = await CreateChannelAsync("rtmp-play", ladder: false);
        await using var phone = StartPhone(channel);
        using var api = fixture.Api.CreateHttpClient();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the channel to be live");
        var rtmp = $"rtmp://127.0.0.1:{fixture.Nginx.RtmpPort}";
        var live = $"{rtmp}/live/{channel.Name}";
        // nginx's own push to the dvr application plays from live like a client, without a token: it goes on.
        using (var http = new HttpClient())
        {
            await LastSegmentAsync(http, new Uri(fixture.Nginx.HttpBaseAddress, $"hls/.dvr/{channel.Name}/index.m3u8").ToString(), segments: 2);
        }

        Assert.Equal(SourceSize, await ProbeRtmpAsync($"{live}?token={LadderToken.Create(ApiServer.LadderSecret, channel.Name, DateTimeOffset.UtcNow)}"));
        Assert.Null(await ProbeRtmpAsync(live));
        Assert.Null(await ProbeRtmpAsync($"{live}?token=not-the-ladder-secret-0123"));
        // The secret itself, another stream's token and an expired one are no tokens of this stream now.
        Assert.Null(await ProbeRtmpAsync($"{live}?token={ApiServer.LadderSecret}"));
        Assert.Null(await ProbeRtmpAsync($"{live}?token={LadderToken.Create(ApiServer.LadderSecret, "another", DateTimeOffset.UtcNow)}"));
        Assert.Null(await ProbeRtmpAsync($"{live}?token={LadderToken.Create(ApiServer.LadderSecret, channel.Name, DateTimeOffset.UtcNow - LadderToken.Lifetime * 2)}"));

        var rendition = RenditionName.For(channel.Name, "240p");
        await using (var intruder = FfmpegPublisher.Start($"{rtmp}/ladder/{rendition}", TimeSpan.FromSeconds(20)))
        {
            Assert.True(await intruder.WaitForExitAsync(TimeSpan.FromSeconds(15)), "a rendition publish without the token was let in");
            Assert.NotEqual(0, intruder.ExitCode);
        }

        Assert.False(Directory.Exists(Path.Combine(fixture.Nginx.HlsPath, ".ladder", rendition)), "nginx wrote HLS for a refused rendition");
        await using (var transcoder = FfmpegPublisher.Start($"{rtmp}/ladder/{rendition}?token={LadderToken.Create(ApiServer.LadderSecret, rendition, DateTimeOffset.UtcNow)}",
            TimeSpan.FromSeconds(20)))
        {
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.Nginx.HlsPath, ".ladder", rendition, "index.m3u8"))),
                Timeout, "the admitted rendition's playlist");
        }

        var logs = fixture.Api.Logs.All;
        Assert.Contains($"Hook play refused stream {channel.Name} to 127.0.0.1: no ladder token", logs, StringComparison.Ordinal);
        Assert.Contains($"Hook play refused stream {channel.Name} to 127.0.0.1: wrong ladder token", logs, StringComparison.Ordinal);
        Assert.Contains($"Hook play refused stream {channel.Name} to 127.0.0.1: expired ladder token", logs, StringComparison.Ordinal);
        Assert.Contains($"Hook ladder_publish refused stream {rendition} to 127.0.0.1: no ladder token", logs, StringComparison.Ordinal);
        Assert.Contains($"Hook ladder_publish admitted the ladder's transcoder: stream {rendition}", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.LadderSecret, logs, StringComparison.Ordinal);
    }

    private async Task<ChannelCredentials> CreateChannelAsync(string prefix, bool ladder)
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, prefix);
        if (ladder)
        {
            var response = await admin.PutAsJsonAsync($"api/admin/channels/{channel.Name}/ladder", new LadderSettingRequest(true));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        return channel;
    }

    private FfmpegPublisher StartPhone(ChannelCredentials channel) =>
        FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), null, TestMedia.H264, TestMedia.Aac, SourceSize);

    private async Task<LiveStream> WaitForRenditionsAsync(HttpClient api, string name)
    {
        try
        {
            return await Eventually.GetAsync(async () =>
                await api.GetAsync($"api/streams/{name}") is { IsSuccessStatusCode: true } response
                && await response.Content.ReadFromJsonAsync<LiveStream>() is { Ladder.Renditions.Count: 3 } stream
                    ? stream
                    : null,
                Timeout, $"the renditions of {name}");
        }
        catch (TimeoutException exception)
        {
            var ladderLines = fixture.Worker.Output.Split('\n').Where(l => l.Contains(name, StringComparison.Ordinal) || l.Contains("adder", StringComparison.Ordinal));
            throw new TimeoutException($"{exception.Message} Worker: {string.Join('\n', ladderLines)}", exception);
        }
    }

    private sealed record Variant(string Name, int Width, int Height, long Bandwidth, string Url);

    private static List<Variant> ParseMaster(string master)
    {
        var lines = master.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("#EXTM3U", lines[0]);
        return lines.Select((line, i) => (line, i))
            .Where(l => l.line.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            .Select(l =>
            {
                var match = StreamInfRegex().Match(l.line);
                Assert.True(match.Success, $"no BANDWIDTH, RESOLUTION and NAME in '{l.line}'");
                return new Variant(match.Groups["name"].Value, int.Parse(match.Groups["w"].Value), int.Parse(match.Groups["h"].Value),
                    long.Parse(match.Groups["bw"].Value), lines[l.i + 1]);
            })
            .ToList();
    }

    private static async Task<string> LastSegmentAsync(HttpClient http, string playlistUrl, int segments)
    {
        var playlist = await Eventually.GetAsync(async () =>
        {
            var response = await http.GetAsync(playlistUrl);
            return response.IsSuccessStatusCode && HlsPlaylist.Parse(await response.Content.ReadAsStringAsync()) is { } p && p.Segments.Count >= segments
                ? p
                : null;
        }, Timeout, $"{segments} segments in {playlistUrl}");
        return new Uri(new Uri(playlistUrl), playlist.Segments[^1]).ToString();
    }

    /// <summary>The video size ffprobe reads from an RTMP play, or null when nginx refused the play.</summary>
    private static async Task<string?> ProbeRtmpAsync(string url)
    {
        var info = new ProcessStartInfo("ffprobe",
            ["-v", "error", "-rw_timeout", "10000000", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? (await output).Trim() : null;
    }

    private static async Task<(string Codec, int Width, int Height)> ProbeVideoAsync(string url)
    {
        var info = new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        // MPEG-TS lists its streams twice (in its program and on their own): the first line is enough.
        var output = (await process.StandardOutput.ReadToEndAsync()).Split('\n')[0].Trim();
        await process.WaitForExitAsync();
        var parts = output.Split(',');
        Assert.True(parts.Length == 3, $"ffprobe of {url}: '{output}'");
        return (parts[0], int.Parse(parts[1]), int.Parse(parts[2]));
    }

    /// <summary>The FFmpeg processes that publish the channel's renditions to nginx (the transcoder), read from /proc.</summary>
    private static List<int> TranscoderPids(string channel) =>
        ProcessTable.Ffmpeg(arguments => arguments.Any(a => a.Contains($"/ladder/{channel}-", StringComparison.Ordinal)));

    private static async Task AssertPlaysOnAsync(IPage page)
    {
        var before = await page.EvaluateAsync<double>("document.getElementById('video').currentTime");
        await WaitForAsync(page, $"document.getElementById('video').currentTime > {before.ToString(System.Globalization.CultureInfo.InvariantCulture)} + 2");
    }

    private static Task WaitForAsync(IPage page, string condition, int seconds = 40) => Browser.WaitForAsync(page, condition, seconds);

    [GeneratedRegex(@"^#EXT-X-STREAM-INF:BANDWIDTH=(?<bw>[0-9]+),RESOLUTION=(?<w>[0-9]+)x(?<h>[0-9]+),NAME=""(?<name>[a-z0-9]+)""\z")]
    private static partial Regex StreamInfRegex();
}
