using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The main command, proven: a phone publishes to the AppHost's RTMP endpoint with the development channel's key, the channel
/// is live in the Api, its HLS plays, the stream stops, the VOD appears, and the dashboard shows the broadcast as one
/// trace from the publish hook through the outbox and MassTransit to the worker's FFmpeg spans.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class AppHostEndToEndTests(AppHostFixture appHost, ITestOutputHelper output) : IClassFixture<AppHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PhoneBroadcastThroughTheAppHostPlaysLiveBecomesAVodAndIsOneTraceInTheDashboard()
    {
        output.WriteLine($"AppHost start to every resource healthy: {appHost.StartUpTime.TotalSeconds:F1} s");
        using var api = appHost.App.CreateHttpClient("api");
        using var admin = appHost.App.CreateHttpClient("api");
        admin.DefaultRequestHeaders.Add("X-Api-Key", AppHostFixture.AdminKey);
        // The development channel's address, with this machine's generated key, as /admin shows it to its owner.
        var phoneSetUp = await Eventually.GetAsync(async () =>
                await admin.GetAsync("api/admin/development-channel") is { IsSuccessStatusCode: true } response
                    ? await response.Content.ReadFromJsonAsync<ChannelCredentials>()
                    : null,
            Timeout, "the development channel's set-up");
        Assert.Equal($"rtmp://127.0.0.1:{appHost.RtmpPort}/live/phone?key={phoneSetUp.StreamKey}", phoneSetUp.PublishUrl);
        await using (var phone = FfmpegPublisher.Start(phoneSetUp.PublishUrl, TimeSpan.FromSeconds(8)))
        {
            var stream = await Eventually.GetAsync(
                async () => (await api.GetFromJsonAsync<List<LiveStream>>("api/streams"))!.FirstOrDefault(s => s.Name == "phone"),
                Timeout, "channel phone live in the Api");

            // The HLS address the Api gives viewers is nginx's public front on the public host, as the AppHost wired it;
            // a segment it lists is served.
            Assert.StartsWith($"http://127.0.0.1:{appHost.HttpPort}/hls/", stream.HlsUrl);
            using var hls = new HttpClient();
            var playlist = await Eventually.GetAsync(async () =>
            {
                var response = await hls.GetAsync(stream.HlsUrl);
                return response.IsSuccessStatusCode && HlsPlaylist.Parse(await response.Content.ReadAsStringAsync()) is { Segments.Count: >= 2 } p ? p : null;
            }, Timeout, $"two segments in {stream.HlsUrl}");
            var segment = await hls.GetByteArrayAsync(new Uri(new Uri(stream.HlsUrl), playlist.Segments[0]));
            Assert.Equal(0x47, segment[0]); // MPEG-TS sync byte

            Assert.True(await phone.WaitForExitAsync(Timeout), "the 8 s publisher did not finish");
            Assert.Equal(0, phone.ExitCode);
        }

        var vod = await Vods.WaitAsync(api, "phone", v => v.Status == "ready", Timeout);
        Assert.InRange(vod.DurationSeconds, 7, 9.5);
        using (var video = await api.GetAsync(vod.VideoUrl))
        {
            Assert.Equal(HttpStatusCode.OK, video.StatusCode);
            Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
        }

        // Spans reach the dashboard as each one ends (a consume span ends after the whole VOD build): wait for all.
        (string Service, Func<DashboardSpan, bool> Is, string What)[] expected =
        [
            ("api", s => s.Name == "hook publish" && s.ParentSpanId.Length == 0, "publish hook as the root"),
            ("api", s => s.Name == "hook update", "heartbeat hook"),
            ("api", s => s.Name == "hook publish_done", "publish_done hook"),
            ("api", s => s.Name == "hook record_done", "record_done hook"),
            ("api", s => s.Name == "outbox publish RecordingCompleted", "outbox relay"),
            ("api", s => s.Scope == "MassTransit", "MassTransit send"),
            ("vod-worker", s => s.Scope == "MassTransit" && s.Name.Contains("process", StringComparison.Ordinal), "MassTransit consume"),
            ("vod-worker", s => s.Name == "vod reconcile", "vod reconcile"),
            ("vod-worker", s => s.Name == "vod remux", "vod remux"),
            ("vod-worker", s => s.Name == "vod verify", "vod verify"),
            ("vod-worker", s => s.Name == "vod poster", "vod poster"),
            ("vod-worker", s => s.Name == "realtime relay", "real-time relay"),
        ];
        var dashboard = await DashboardClient.ConnectAsync(appHost.App, AppHostFixture.DashboardApiKey);
        IReadOnlyList<DashboardSpan> trace = [];
        string Missing() => string.Join(", ", expected.Where(e => !trace.Any(s => s.Service == e.Service && e.Is(s))).Select(e => $"{e.What} ({e.Service})"));
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                trace = await dashboard.TraceSpansAsync(vod.Id) ?? [];
                // A long-lived span (the real-time relay's) reaches the dashboard after its children: wait for every parent.
                var seen = trace.Select(s => s.SpanId).ToHashSet();
                return trace.Count > 0 && Missing().Length == 0 && trace.All(s => s.ParentSpanId.Length == 0 || seen.Contains(s.ParentSpanId));
            }, Timeout, "the broadcast's whole trace in the dashboard");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Missing: {Missing()}. Seen: {string.Join(", ", trace.Select(s => $"{s.Service}/{s.Scope}: {s.Name}"))}."
                + $" Broadcast {vod.Id}. {await dashboard.DescribeAsync()}", exception);
        }

        Assert.Single(trace.Select(s => s.TraceId).Distinct());
        Assert.Single(trace, s => s.ParentSpanId.Length == 0);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s.ParentSpanId.Length > 0), s => Assert.Contains(s.ParentSpanId, ids));

        await dashboard.ScreenshotTraceAsync(trace[0].TraceId, "dashboard-trace");
    }

    /// <summary>
    /// The quality ladder through the main command: the AppHost gives the worker nginx's RTMP address and the ladder's
    /// secret, and the Api the same secret, so nginx admits the transcoder; its renditions play, and its session is a
    /// span of the broadcast's trace in the dashboard.
    /// </summary>
    [Fact]
    public async Task ALadderedChannelThroughTheAppHostGetsItsRenditionsAndItsTranscoderIsInTheBroadcastsTrace()
    {
        using var api = appHost.App.CreateHttpClient("api");
        using var admin = appHost.App.CreateHttpClient("api");
        admin.DefaultRequestHeaders.Add("X-Api-Key", AppHostFixture.AdminKey);
        var channel = await Channels.CreateAsync(admin, "apphost-ladder");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/admin/channels/{channel.Name}/ladder", new LadderSettingRequest(true))).StatusCode);

        LiveStream stream;
        await using (var phone = FfmpegPublisher.Start($"rtmp://127.0.0.1:{appHost.RtmpPort}/live/{channel.Name}?key={channel.StreamKey}", null,
            TestMedia.H264, TestMedia.Aac, "1024x576"))
        {
            stream = await Eventually.GetAsync(async () =>
                    await api.GetAsync($"api/streams/{channel.Name}") is { IsSuccessStatusCode: true } response
                    && await response.Content.ReadFromJsonAsync<LiveStream>() is { Ladder.Renditions.Count: 3 } live ? live : null,
                Timeout, $"the renditions of {channel.Name}");
            var master = await api.GetStringAsync(stream.Ladder!.MasterUrl.TrimStart('/'));
            var lowest = master.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            using var hls = new HttpClient();
            await Eventually.TrueAsync(async () =>
                    (await hls.GetAsync(lowest)) is { IsSuccessStatusCode: true } response
                    && HlsPlaylist.Parse(await response.Content.ReadAsStringAsync()) is { Segments.Count: >= 2 },
                Timeout, $"segments of the lowest rendition ({lowest})");
            Assert.Contains("/.ladder/", lowest, StringComparison.Ordinal);
        }

        // Traffic after the broadcast, as a busy Api has: every request is a trace, more than the dashboard lists by default.
        for (var i = 0; i < 150; i++)
        {
            (await api.GetAsync("api/streams")).EnsureSuccessStatusCode();
        }

        var dashboard = await DashboardClient.ConnectAsync(appHost.App, AppHostFixture.DashboardApiKey);
        DashboardSpan transcode;
        try
        {
            transcode = await Eventually.GetAsync(async () =>
                    (await dashboard.TraceSpansAsync(stream.BroadcastId))?.FirstOrDefault(s => s.Service == "vod-worker" && s.Name == "ladder transcode"),
                Timeout, "the ladder's span in the broadcast's trace");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Broadcast {stream.BroadcastId}. {await dashboard.DescribeAsync()}", exception);
        }

        output.WriteLine(await dashboard.DescribeAsync());
        Assert.Equal("ended", transcode.Attributes["streaming.ladder.outcome"]);
    }
}
