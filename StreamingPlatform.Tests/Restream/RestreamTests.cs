using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Restream;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamingPlatform.Tests.Restream;

/// <summary>
/// Restreaming against the whole platform and a second nginx-rtmp standing in for YouTube (<c>live2</c>) and Twitch
/// (<c>app</c>), each checking its stream key: the worker's FFmpeg copies the broadcast through the worker's key-injecting
/// proxy, so the keys are on no command line.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RestreamTests(LiveIngestFixture fixture, ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private const string YouTubeKey = "abcd-efgh-ijkl-mnop-qrst";
    private const string TwitchKey = "live_987654321_ZyXwVuTsRqPoNmLkJi";

    [Fact]
    public async Task EachTargetFaresOnItsOwnWhileTheSourceAndTheVodGoOnAndAKilledRelayComesBack()
    {
        await using var platform = await RtmpTargetServer.StartAsync(new Dictionary<string, string> { ["live2"] = YouTubeKey, ["app"] = TwitchKey });
        var channel = await Channels.CreateAsync(fixture.Api, "restream");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var youtube = await AddTargetAsync(admin, channel.Name, "YouTube", platform.Url("live2"), YouTubeKey);
        const string wrongKey = "live_000000000_NotTheTwitchKeyAtAll";
        var twitch = await AddTargetAsync(admin, channel.Name, "Twitch", platform.Url("app"), wrongKey);
        var closedPort = FreePort.Next();
        const string closedKey = "key-for-a-port-nobody-listens-on";
        var nobody = await AddTargetAsync(admin, channel.Name, "Nobody home", $"rtmp://127.0.0.1:{closedPort}/live2", closedKey);
        string[] keys = [YouTubeKey, wrongKey, closedKey];

        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await WaitForAsync(admin, channel.Name, youtube.Id, t => t.State == "live", "YouTube live");
        var refused = await WaitForAsync(admin, channel.Name, twitch.Id, t => t.LastError is not null, "the wrong key's error");
        var unreachable = await WaitForAsync(admin, channel.Name, nobody.Id, t => t.LastError is not null, "the closed port's error");
        Assert.Contains("closed the connection before accepting the stream", refused.LastError);
        Assert.Contains($"cannot reach 127.0.0.1:{closedPort}", unreachable.LastError);
        Assert.Contains("refused", unreachable.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(refused.State, new[] { "retrying", "connecting" });

        // The copy is the broadcast, unchanged: ffprobe plays it from the target.
        var copy = await ProbeAsync($"{platform.Url("live2")}/{YouTubeKey}");
        Assert.Contains(("video", "h264", 320, 240), copy);
        Assert.Contains(("audio", "aac", 0, 0), copy);
        Assert.Contains(platform.Publishes, p => p is { App: "live2", Name: YouTubeKey, Admitted: true } && p.TcUrl == platform.Url("live2"));
        Assert.Contains(platform.Publishes, p => p is { App: "app", Name: wrongKey, Admitted: false });

        // No key on any command line, while the relays run.
        var commandLines = ProcessTable.CommandLines();
        Assert.NotEmpty(RelayPids(platform.Url("live2")));
        foreach (var key in keys)
        {
            Assert.DoesNotContain(commandLines, c => c.Contains(key, StringComparison.Ordinal));
        }

        // The source never noticed: HLS goes on and the phone was never cut.
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };
        var before = await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 1, Timeout);
        await Eventually.TrueAsync(async () => (await HlsPlaylist.WaitAsync(nginx, channel.Name, 1, Timeout)).LastSequence > before.LastSequence + 2,
            Timeout, "HLS to go on");

        // The relay's FFmpeg is killed: it comes back and the target gets the stream again.
        var killed = RelayPids(platform.Url("live2"));
        killed.ForEach(pid => Posix.Signal(pid, Posix.SigKill));
        var back = await WaitForAsync(admin, channel.Name, youtube.Id, t => t is { State: "live", Restarts: >= 1 }, "YouTube live again");
        Assert.Empty(RelayPids(platform.Url("live2")).Intersect(killed));
        Assert.True(platform.Publishes.Count(p => p is { App: "live2", Admitted: true }) >= 2, "the target got no second publish");
        Assert.True(back.BytesSent > 0);
        Assert.False(phone.HasExited, $"the phone was cut: {phone.Output}");

        // The broadcast ends: every relay stops with it, its VOD is made as ever, and the relay's span is in its trace.
        using var api = fixture.Api.CreateHttpClient();
        var stream = (await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}"))!;
        var traceId = ((string)(await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel.Name)))!).Split("\"traceParent\":\"00-")[1][..32];
        await phone.StopAsync();
        await Eventually.TrueAsync(() => Task.FromResult(RelayPids(platform.Url("live2")).Count == 0 && RelayPids(platform.Url("app")).Count == 0),
            Timeout, "the relays to stop");
        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Id == stream.BroadcastId && v.Status == "ready", Timeout);
        Assert.True(vod.DurationSeconds > 5, $"VOD of {vod.DurationSeconds} s");
        Assert.All(await ListAsync(admin, channel.Name), t => Assert.Equal("stopped", t.State));
        var span = await Eventually.GetAsync(() => Task.FromResult(fixture.WorkerTelemetry.Spans.FirstOrDefault(
            s => s.Name == "restream" && s.Attributes.GetValueOrDefault("streaming.restream.target.id") == youtube.Id)), Timeout, "the restream span");
        Assert.Equal(traceId, span.TraceId);
        Assert.Equal("ended", span.Attributes["streaming.restream.outcome"]);
        Assert.True(int.Parse(span.Attributes["streaming.restream.restarts"]) >= 1);
        Assert.True(fixture.WorkerTelemetry.AnyPayloadContains("streaming.restream.bytes"), "no relay bytes metric exported");
        Assert.Contains($"target Twitch ({twitch.Id}) stopped working", fixture.Worker.Output, StringComparison.Ordinal);

        // No key in any log line or exported telemetry of the Api and the worker, nor in nginx's logs.
        var logs = fixture.Api.Logs.All + fixture.Worker.Output + fixture.Nginx.ReadLog(fixture.Nginx.AccessLogPath) + fixture.Nginx.ReadLog(fixture.Nginx.ErrorLogPath);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key, logs, StringComparison.Ordinal);
            Assert.False(fixture.WorkerTelemetry.AnyPayloadContains(key), "a stream key in the worker's telemetry");
        }

        output.WriteLine($"restarts of the killed relay: {back.Restarts}; bytes before the end: {back.BytesSent}");
    }

    [Fact]
    public async Task ATargetFollowsItsChannelAcrossAReconnectAndStopsWhenSwitchedOff()
    {
        await using var platform = await RtmpTargetServer.StartAsync(new Dictionary<string, string> { ["live2"] = YouTubeKey });
        var channel = await Channels.CreateAsync(fixture.Api, "restream-again");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var api = fixture.Api.CreateHttpClient();
        var target = await AddTargetAsync(admin, channel.Name, "YouTube", platform.Url("live2"), YouTubeKey);

        string broadcastId;
        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live", "the target live");
            broadcastId = (await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}"))!.BroadcastId;
            await phone.StopAsync();
        }

        // The phone's connection is gone (its session ended, the broadcast waits for the grace window) and it comes back:
        // the same broadcast, and the target gets it again.
        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)), Timeout, "the session to end");
        await using var again = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the channel live again");
        Assert.Equal(broadcastId, (await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}"))!.BroadcastId);
        // The relay either noticed the gap and published again, or its FFmpeg (an RTMP player of nginx, which keeps players
        // across a publisher's reconnect) carried on: either way the copy goes on with the new connection's media.
        var sentBefore = (await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live", "the target live again")).BytesSent;
        await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live" && t.BytesSent > sentBefore + 100_000, "the copy to go on after the reconnect");
        Assert.Contains(("video", "h264", 320, 240), await ProbeAsync($"{platform.Url("live2")}/{YouTubeKey}"));

        // Switched off: the relay stops while the channel stays live; switched on: it comes back.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/admin/channels/{channel.Name}/restream-targets/{target.Id}/enabled", new RestreamEnabledRequest(false))).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(RelayPids(platform.Url("live2")).Count == 0), Timeout, "the relay to stop");
        var off = Assert.Single(await ListAsync(admin, channel.Name));
        Assert.Equal(("stopped", false), (off.State, off.Enabled));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/admin/channels/{channel.Name}/restream-targets/{target.Id}/enabled", new RestreamEnabledRequest(true))).StatusCode);
        await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live", "the target live once switched on");
        Assert.False(again.HasExited, $"the phone was cut: {again.Output}");
    }

    [Fact]
    public async Task TheAdminPageAddsATargetAndShowsItLiveAndStoppedOnceSwitchedOff()
    {
        await using var platform = await RtmpTargetServer.StartAsync(new Dictionary<string, string> { ["live2"] = YouTubeKey });
        var channel = await Channels.CreateAsync(fixture.Api, "restream-page");
        var page = await chromium.Browser.OpenAsync(new Uri(fixture.Api.BaseAddress, "admin"));
        await page.FillAsync("#admin-key", ApiServer.AdminKey);
        await page.ClickAsync("#login button");
        await Browser.WaitForAsync(page, $"document.querySelector(\"#restream-channel option[value='{channel.Name}']\") !== null", 30);
        await page.SelectOptionAsync("#restream-channel", channel.Name);
        await page.FillAsync("#restream-name", "YouTube");
        await page.FillAsync("#restream-url", platform.Url("live2"));
        await page.FillAsync("#restream-key", YouTubeKey);
        await page.ClickAsync("#restream-add button");
        await Browser.WaitForAsync(page, "document.querySelectorAll('#restream-targets tbody tr').length === 1 && document.getElementById('restream-key').value === ''", 30);

        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Browser.WaitForAsync(page, "document.querySelector('#restream-targets .restream-state')?.textContent.startsWith('live')", 90);
        await Browser.ScreenshotAsync(page, "admin-restream");
        await page.UncheckAsync("#restream-targets input[type=checkbox]");
        await Browser.WaitForAsync(page, "document.querySelector('#restream-targets .restream-state')?.textContent === 'stopped'", 30);
        Assert.DoesNotContain(YouTubeKey, await page.ContentAsync(), StringComparison.Ordinal);

        // A bad address gets the rule it broke, on the page.
        await page.FillAsync("#restream-name", "Broken");
        await page.FillAsync("#restream-url", "http://example.com/live");
        await page.FillAsync("#restream-key", "some-key");
        await page.ClickAsync("#restream-add button");
        await Browser.WaitForAsync(page, "!document.getElementById('restream-error').hidden && document.getElementById('restream-error').textContent.includes('rtmp://')", 30);
    }

    /// <summary>
    /// Two workers, one target: the second sees the first's lease and starts nothing; when the first is killed with its
    /// FFmpeg (SIGKILL, as a lost container), the second takes the target over within a lease.
    /// </summary>
    [Fact]
    public async Task ASecondWorkerNeverRelaysTheSameTargetAndTakesItOverWhenTheFirstIsKilled()
    {
        await using var platform = await RtmpTargetServer.StartAsync(new Dictionary<string, string> { ["live2"] = YouTubeKey });
        var channel = await Channels.CreateAsync(fixture.Api, "restream-takeover");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var api = fixture.Api.CreateHttpClient();
        var target = await AddTargetAsync(admin, channel.Name, "YouTube", platform.Url("live2"), YouTubeKey);
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live", "the target live");
        var broadcastId = (await api.GetFromJsonAsync<LiveStream>($"api/streams/{channel.Name}"))!.BroadcastId;
        var lease = StoreKeys.RestreamLease(RestreamStates.JobId(broadcastId, target.Id));
        var first = (string?)await fixture.RedisDatabase.StringGetAsync(lease);
        Assert.NotNull(first);

        var settings = fixture.WorkerSettings;
        settings["Logging:LogLevel:StreamingPlatform.VodWorker.Restream"] = "Debug";
        await using var second = await WorkerProcess.StartAsync(settings);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(second.Output.Contains($"target {target.Id} is relayed by {first}", StringComparison.Ordinal)),
                Timeout, "the second worker to see the lease held");
            Assert.Single(RelayPids(platform.Url("live2")));

            await fixture.Worker.KillAsync();
            await Eventually.TrueAsync(async () => (string?)await fixture.RedisDatabase.StringGetAsync(lease) is { } owner && owner != first
                && second.Output.Contains($"target YouTube ({target.Id}) accepted the stream", StringComparison.Ordinal), Timeout, "the second worker's relay");
            await WaitForAsync(admin, channel.Name, target.Id, t => t.State == "live", "the target live from the second worker");
            Assert.Single(RelayPids(platform.Url("live2")));
            Assert.True(platform.Publishes.Count(p => p.Admitted) >= 2, "the target got no publish from the second worker");
            Assert.False(phone.HasExited, $"the phone was cut: {phone.Output}");
        }
        finally
        {
            await fixture.Worker.StartAgainAsync();
        }
    }

    [Fact]
    public async Task BadTargetsGetAProblemKeysNeverComeBackAndOnlyOperatorsSeeTheStates()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "restream-api");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var anonymous = fixture.Api.CreateHttpClient();
        var path = $"api/admin/channels/{channel.Name}/restream-targets";
        const string key = "abcd-1234-efgh-5678-ijkl";

        await AssertProblemAsync(await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("YouTube", "http://a.rtmp.youtube.com/live2", key)), HttpStatusCode.BadRequest, "rtmp:// or rtmps://");
        await AssertProblemAsync(await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("YouTube", "rtmp://a.rtmp.youtube.com/live2?key=x", key)), HttpStatusCode.BadRequest, "without the stream key");
        await AssertProblemAsync(await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("YouTube", "rtmp://a.rtmp.youtube.com/live2", "has a space")), HttpStatusCode.BadRequest, "printable ASCII");
        await AssertProblemAsync(await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("", "rtmp://a.rtmp.youtube.com/live2", key)), HttpStatusCode.BadRequest, "target name");
        await AssertProblemAsync(await admin.PostAsJsonAsync("api/admin/channels/no-such-channel/restream-targets",
            new AddRestreamTargetRequest("YouTube", "rtmp://a.rtmp.youtube.com/live2", key)), HttpStatusCode.NotFound, "No channel");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(path, new AddRestreamTargetRequest("YouTube", "rtmp://a.rtmp.youtube.com/live2", key))).StatusCode);

        var created = await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("YouTube", "rtmps://a.rtmps.youtube.com:443/live2/", key));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        var target = JsonSerializer.Deserialize<RestreamTargetView>(body, JsonSerializerOptions.Web)!;
        Assert.Equal(("rtmps://a.rtmps.youtube.com/live2", true, "stopped"), (target.Url, target.Enabled, target.State));

        // Listed without the key, in the admin API and in the stream API for operators only; Redis holds it sealed.
        Assert.DoesNotContain(key, await admin.GetStringAsync(path), StringComparison.Ordinal);
        Assert.DoesNotContain(key, await admin.GetStringAsync($"api/streams/{channel.Name}/restream"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/streams/{channel.Name}/restream")).StatusCode);
        Assert.DoesNotContain(key, (string)(await fixture.RedisDatabase.HashGetAsync(StoreKeys.RestreamTargets(channel.Name), target.Id))!, StringComparison.Ordinal);
        Assert.DoesNotContain(key, fixture.Api.Logs.All, StringComparison.Ordinal);

        await AssertProblemAsync(await admin.PutAsJsonAsync($"{path}/not-an-id/enabled", new RestreamEnabledRequest(false)), HttpStatusCode.BadRequest, "12 lowercase hexadecimal");
        await AssertProblemAsync(await admin.PutAsJsonAsync($"{path}/0123456789ab/enabled", new RestreamEnabledRequest(false)), HttpStatusCode.NotFound, "no restream target");
        for (var i = 1; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest($"Target {i}", "rtmp://live.twitch.tv/app", key))).StatusCode);
        }

        await AssertProblemAsync(await admin.PostAsJsonAsync(path, new AddRestreamTargetRequest("Eleventh", "rtmp://live.twitch.tv/app", key)), HttpStatusCode.Conflict, "at most 10");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{path}/{target.Id}")).StatusCode);
        await AssertProblemAsync(await admin.DeleteAsync($"{path}/{target.Id}"), HttpStatusCode.NotFound, "no restream target");

        // A deleted channel takes its targets along: one created again with the name starts without any.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/admin/channels/{channel.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(channel.Name))).StatusCode);
        Assert.Empty(await ListAsync(admin, channel.Name));
    }

    private static async Task<RestreamTargetView> AddTargetAsync(HttpClient admin, string channel, string name, string url, string key)
    {
        var response = await admin.PostAsJsonAsync($"api/admin/channels/{channel}/restream-targets", new AddRestreamTargetRequest(name, url, key));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RestreamTargetView>())!;
    }

    private static async Task<RestreamTargetView[]> ListAsync(HttpClient admin, string channel) =>
        (await admin.GetFromJsonAsync<RestreamTargetView[]>($"api/streams/{channel}/restream"))!;

    private static async Task<RestreamTargetView> WaitForAsync(HttpClient admin, string channel, string id, Func<RestreamTargetView, bool> condition, string what)
    {
        RestreamTargetView? last = null;
        try
        {
            return await Eventually.GetAsync(async () =>
            {
                last = (await ListAsync(admin, channel)).Single(t => t.Id == id);
                return condition(last) ? last : null;
            }, Timeout, what);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Last seen: {last}", exception);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>ffprobe's streams of an RTMP play: (type, codec, width, height).</summary>
    private static async Task<List<(string Type, string Codec, int Width, int Height)>> ProbeAsync(string url)
    {
        var (exit, json) = await ChildProcess.RunAsync("ffprobe",
            ["-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_type,codec_name,width,height", "-of", "json", url], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"ffprobe of the restreamed copy: {json}");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(s => (
            s.GetProperty("codec_type").GetString()!, s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0, s.TryGetProperty("height", out var h) ? h.GetInt32() : 0)).ToList();
    }

    /// <summary>The worker's FFmpeg processes that restream to <paramref name="tcUrl"/>, read from /proc.</summary>
    private static List<int> RelayPids(string tcUrl) =>
        ProcessTable.Ffmpeg(arguments => Array.IndexOf(arguments, "-rtmp_tcurl") is var at and >= 0 && at + 1 < arguments.Length && arguments[at + 1] == tcUrl);
}
