using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// Webhooks with real broadcasts: nginx-rtmp, ffmpeg as the phone, Redis, RabbitMQ, the VodWorker and the Api as a
/// process of its own; the receiver is a Kestrel app of the test that checks every signature with the secret it was given.
/// </summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookTests(WebhooksFixture fixture)
{
    private static readonly string[] BroadcastEvents = [WebhookEventTypes.StreamStarted, WebhookEventTypes.StreamEnded, WebhookEventTypes.VodReady];
    private static readonly TimeSpan EventsTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ABroadcastReachesTheReceiverSignedInOrderAndARetriedEventKeepsItsId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext = 2; // stream.started is answered 503 twice, then taken
        await using var webhook = await RegisterAsync(receiver);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var pushed = TimeSpan.FromSeconds(6);
        var channel = await BroadcastAsync(admin, "hooked", pushed);

        var events = await WaitForEventsAsync(receiver, channel.Name, BroadcastEvents.Length);
        Assert.Equal(BroadcastEvents, events.Select(e => e.Type));
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid, $"a request's signature did not verify: {r.Body}"));
        Assert.Single(events.Select(e => e.BroadcastId).Distinct());
        Assert.Equal(events.Length, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e => Assert.Equal(e.Id, e.BodyId));

        // The two refused attempts and the accepted one are the same event: one id, one body.
        var started = events[0];
        var attempts = receiver.Requests.Where(r => r.Id == started.Id).ToList();
        Assert.Equal([503, 503, 200], attempts.Select(a => a.Status));
        Assert.Single(attempts.Select(a => a.Body).Distinct());

        var broadcastId = started.BroadcastId;
        Assert.Equal($"/watch/{channel.Name}", new Uri(started.Data.GetProperty("watchUrl").GetString()!).AbsolutePath);
        Assert.True(events[1].Data.GetProperty("endedAt").GetDateTimeOffset() > started.Data.GetProperty("startedAt").GetDateTimeOffset());
        var ready = events[2].Data;
        Assert.Equal("ready", ready.GetProperty("vodStatus").GetString());
        Assert.InRange(ready.GetProperty("durationSeconds").GetDouble(), pushed.TotalSeconds - 1.5, pushed.TotalSeconds + 1.5);
        Assert.Equal($"/vod/{broadcastId}", new Uri(ready.GetProperty("vodPageUrl").GetString()!).AbsolutePath);
        Assert.Equal($"/api/vods/{broadcastId}/video", new Uri(ready.GetProperty("mp4Url").GetString()!).AbsolutePath);
        Assert.Equal($"/api/vods/{broadcastId}/poster", new Uri(ready.GetProperty("posterUrl").GetString()!).AbsolutePath);

        // Each attempt is a span in the broadcast's trace, under the span that made the event (the publish hook's).
        var spans = await Eventually.GetAsync(() => Task.FromResult<IReadOnlyList<ExportedSpan>?>(
            fixture.Telemetry.Spans.Where(s => s.Service == "api" && s.Name.StartsWith("webhook deliver", StringComparison.Ordinal)
                && s.Attributes.GetValueOrDefault("streaming.webhook.id") == webhook.Id).ToList() is { Count: >= 5 } found ? found : null),
            TimeSpan.FromSeconds(20), "the delivery spans");
        var publish = fixture.Telemetry.Spans.Single(s => s.Service == "api" && s.Name == "hook publish" && s.Attributes.GetValueOrDefault("streaming.session.id") == broadcastId);
        Assert.All(spans, s => Assert.Equal(publish.TraceId, s.TraceId));
        Assert.Equal(3, spans.Count(s => s.Name == "webhook deliver stream.started" && s.ParentSpanId == publish.SpanId));
        Assert.Equal(2, spans.Count(s => s.Attributes.GetValueOrDefault("streaming.webhook.outcome") == "failed"));

        // The secret was shown once: not in the list, and not readable from Redis.
        var listed = await admin.GetStringAsync("api/admin/webhooks");
        Assert.DoesNotContain(receiver.Secret!, listed);
        var stored = (string?)await fixture.RedisDatabase.HashGetAsync(StoreKeys.Webhook(webhook.Id), "secret");
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(receiver.Secret!["whsec_".Length..], stored!);
        Assert.DoesNotContain(receiver.Secret!["whsec_".Length..], fixture.Api.Output);
        Assert.DoesNotContain("receiver-token", fixture.Api.Output);
    }

    [Fact]
    public async Task AReceiverThatIsDownIsMarkedFailingAndGetsEveryEventInOrderOnceItIsBack()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var webhook = await RegisterAsync(receiver);
        await receiver.StopAsync();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await BroadcastAsync(admin, "hooked-down", TimeSpan.FromSeconds(5));

        var failing = await Eventually.GetAsync(async () => (await SummaryAsync(admin, webhook.Id)) is { Failing: true } s ? s : null,
            TimeSpan.FromSeconds(60), "the webhook to be marked failing");
        Assert.True(failing.ConsecutiveFailures >= WebhooksFixture.FailingAfter);
        Assert.Contains("ConnectionError", failing.LastFailure);
        Assert.NotNull(failing.LastFailureAt);
        Assert.Null(failing.LastSuccessAt);

        // Down long enough for every event of the broadcast to be waiting (the VOD too), then back on the same port.
        using var api = fixture.Api.CreateHttpClient();
        await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(receiver.Requests);
        await receiver.StartAgainAsync();

        var events = await WaitForEventsAsync(receiver, channel.Name, BroadcastEvents.Length);
        Assert.Equal(BroadcastEvents, events.Select(e => e.Type));
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        var recovered = await Eventually.GetAsync(async () => (await SummaryAsync(admin, webhook.Id)) is { Failing: false, WaitingBroadcasts: 0 } s ? s : null,
            TimeSpan.FromSeconds(20), "the webhook to be delivering again");
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.NotNull(recovered.LastSuccessAt);
        Assert.Contains($"Webhook {webhook.Id} to 127.0.0.1:{receiver.Port} is failing", fixture.Api.Output);
    }

    [Fact]
    public async Task ABroadcastWhoseNginxDiesEndsByItsLeaseAndTheReceiverHearsStreamEnded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var webhook = await RegisterAsync(receiver);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, "hooked-crash");
        await using var doomed = await NginxRtmpServer.StartAsync(fixture.Api.BaseAddress.ToString(), ApiServer.HookSecret);

        await using (var phone = FfmpegPublisher.Start(doomed.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await WaitForEventsAsync(receiver, channel.Name, 1);
            await doomed.KillAsync(); // no publish_done will come
        }

        var events = await WaitForEventsAsync(receiver, channel.Name, 2);
        Assert.Equal([WebhookEventTypes.StreamStarted, WebhookEventTypes.StreamEnded], events.Select(e => e.Type));
        Assert.Equal(events[0].BroadcastId, events[1].BroadcastId);
        Assert.Contains($"channel {channel.Name}, session {events[0].BroadcastId} sent no heartbeat", fixture.Api.Output);
    }

    [Fact]
    public async Task AnApiKilledWhileEventsWaitLosesNoneOfThem()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext = int.MaxValue / 2; // refuses every delivery until the Api is back
        await using var webhook = await RegisterAsync(receiver);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await BroadcastAsync(admin, "hooked-kill", TimeSpan.FromSeconds(5));

        // Every event of the broadcast waits in the webhook's queue of that broadcast, the first being retried.
        using var api = fixture.Api.CreateHttpClient();
        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await fixture.RedisDatabase.ListLengthAsync(StoreKeys.WebhookQueue(webhook.Id, vod.Id)) == BroadcastEvents.Length,
            TimeSpan.FromSeconds(30), "the three events to wait in the queue");

        await fixture.Api.KillAsync();
        receiver.FailNext = 0;
        await fixture.Api.StartAgainAsync();

        var events = await WaitForEventsAsync(receiver, channel.Name, BroadcastEvents.Length);
        Assert.Equal(BroadcastEvents, events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(vod.Id, e.BroadcastId));
        Assert.Equal(events.Length, events.Select(e => e.Id).Distinct().Count());
        // The last event's 200 reaches the receiver before the Api takes it off the queue.
        await Eventually.TrueAsync(async () => await fixture.RedisDatabase.ListLengthAsync(StoreKeys.WebhookQueue(webhook.Id, vod.Id)) == 0,
            TimeSpan.FromSeconds(10), "the delivered events to leave the queue");
    }

    [Fact]
    public async Task AReceiverThatNeverAnswersHoldsUpNeitherAnotherReceiverNorThePublisher()
    {
        await using var stuck = await WebhookReceiver.StartAsync();
        stuck.Delay = TimeSpan.FromMinutes(5); // far beyond Webhooks:TimeoutSeconds: every attempt times out
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var stuckWebhook = await RegisterAsync(stuck);
        await using var healthyWebhook = await RegisterAsync(healthy);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await BroadcastAsync(admin, "hooked-slow", TimeSpan.FromSeconds(5));

        var events = await WaitForEventsAsync(healthy, channel.Name, BroadcastEvents.Length);
        Assert.Equal(BroadcastEvents, events.Select(e => e.Type));
        Assert.True(stuck.Arrivals > 0, "the stuck receiver was never called");
        Assert.Empty(stuck.Accepted);
        var state = await Eventually.GetAsync(async () => (await SummaryAsync(admin, stuckWebhook.Id)) is { LastFailure: not null } s ? s : null,
            TimeSpan.FromSeconds(30), "the stuck webhook's failure");
        Assert.Contains("no answer within 5 s", state.LastFailure);
    }

    [Theory]
    [InlineData("http://localhost:8080/hook", "platform's own hosts")]
    [InlineData("http://127.0.0.2/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://redis:6379/", "platform's own hosts")]
    [InlineData("http://messaging:5672/", "platform's own hosts")]
    [InlineData("http://nginx-rtmp/hls/", "platform's own hosts")]
    [InlineData("http://janus:8088/janus", "platform's own hosts")]
    [InlineData("ftp://example.com/hook", "Only http and https")]
    [InlineData("http://user:password@example.com/hook", "user name or password")]
    [InlineData("not a url", "not an absolute URL")]
    public async Task AWebhookUrlThatReachesThePlatformItselfIsRefusedWithProblemDetails(string url, string why)
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);

        var response = await admin.PostAsJsonAsync("api/admin/webhooks", new CreateWebhookRequest(url, [WebhookEventTypes.StreamStarted]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(why, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ThisMachinesOwnAddressAndUnknownEventsAreRefused()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

        // Refused at registration: nothing is sent to the address.
        var response = await admin.PostAsJsonAsync("api/admin/webhooks", new CreateWebhookRequest($"http://{own}:5080/api", [WebhookEventTypes.StreamStarted]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("address of this machine", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var unknown = await admin.PostAsJsonAsync("api/admin/webhooks", new CreateWebhookRequest("http://127.0.0.1:9/hook", ["stream.paused"]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("stream.started", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheWebhookAdminApiRefusesAWrongKey()
    {
        using var wrong = fixture.Api.CreateHttpClient("not-the-admin-key-0123456789");

        var list = await wrong.GetAsync("api/admin/webhooks");
        var create = await wrong.PostAsJsonAsync("api/admin/webhooks", new CreateWebhookRequest("http://127.0.0.1:9/hook", [WebhookEventTypes.StreamStarted]));

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AWebhookSwitchedOffGetsNothingAndARemovedOneIsGone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var webhook = await RegisterAsync(receiver, enabled: false);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await BroadcastAsync(admin, "hooked-off", TimeSpan.FromSeconds(3));

        // Every event of the broadcast went by while it was off (its VOD too, whose event comes last).
        using var api = fixture.Api.CreateHttpClient();
        await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(receiver.Requests);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"api/admin/webhooks/{webhook.Id}/enabled", new WebhookSettingRequest(true))).StatusCode);
        Assert.True((await SummaryAsync(admin, webhook.Id))!.Enabled);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/admin/webhooks/{webhook.Id}")).StatusCode);
        Assert.Null(await SummaryAsync(admin, webhook.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"api/admin/webhooks/{webhook.Id}")).StatusCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Webhook(webhook.Id)));
    }

    /// <summary>A new channel's broadcast of <paramref name="pushed"/> by ffmpeg, over once the publisher exited cleanly.</summary>
    private async Task<ChannelCredentials> BroadcastAsync(HttpClient admin, string prefix, TimeSpan pushed)
    {
        var channel = await Channels.CreateAsync(admin, prefix);
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), pushed);
        Assert.True(await phone.WaitForExitAsync(pushed + TimeSpan.FromSeconds(20)), "the push did not end");
        Assert.True(phone.ExitCode == 0, $"the publisher failed: {phone.Output}");
        return channel;
    }

    /// <summary>Registers a webhook to the receiver for every event; it is removed when the test ends (its receiver stops).</summary>
    private async Task<Registration> RegisterAsync(WebhookReceiver receiver, bool enabled = true)
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var response = await admin.PostAsJsonAsync("api/admin/webhooks", new CreateWebhookRequest(receiver.Url, WebhookEventTypes.All, enabled));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedWebhook>())!;
        Assert.StartsWith("whsec_", created.Secret);
        receiver.Secret = created.Secret;
        return new Registration(created.Id, fixture.Api);
    }

    private sealed class Registration(string id, ApiProcess api) : IAsyncDisposable
    {
        public string Id => id;

        public async ValueTask DisposeAsync()
        {
            using var admin = api.CreateHttpClient(ApiServer.AdminKey);
            await admin.DeleteAsync($"api/admin/webhooks/{id}");
        }
    }

    private static async Task<WebhookSummary?> SummaryAsync(HttpClient admin, string id) =>
        (await admin.GetFromJsonAsync<WebhookSummary[]>("api/admin/webhooks"))!.SingleOrDefault(w => w.Id == id);

    /// <summary>The events of the channel the receiver took (answered 200), in arrival order, once <paramref name="count"/> came.</summary>
    private static async Task<ReceivedWebhook[]> WaitForEventsAsync(WebhookReceiver receiver, string channel, int count)
    {
        try
        {
            return await Eventually.GetAsync(() => Task.FromResult(
                receiver.Accepted.Where(r => r.SignatureValid && r.Channel == channel).ToArray() is { } taken && taken.Length >= count ? taken : null),
                EventsTimeout, $"{count} events of {channel}");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} The receiver got: {string.Join("; ", receiver.Requests.Select(r => $"{r.Status} {r.Body}"))}", exception);
        }
    }
}
