using System.Diagnostics;
using System.Text.Json;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The Api killed with SIGKILL mid-stream and started again on the same port, with real nginx-rtmp, ffmpeg as the
/// phone, Redis, RabbitMQ and the VodWorker: nginx answers the hooks for the absent Api, the Api catches up after.
/// </summary>
[Collection(ApiRestartCollection.Name)]
public sealed class ApiRestartTests(ApiRestartFixture fixture)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PublisherKeepsStreamingThroughATwentySecondApiOutageAndTheWholeBroadcastBecomesOneVod()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, "outage");
        using var api = fixture.Api.CreateHttpClient();
        var pushed = TimeSpan.FromSeconds(50);
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), pushed);
        var before = await Eventually.GetAsync(() => SessionAsync(channel.Name), TimeSpan.FromSeconds(20), "the stream to go live");
        await Task.Delay(TimeSpan.FromSeconds(3));

        await fixture.Api.KillAsync();
        await Task.Delay(Outage);
        Assert.False(phone.HasExited, $"the publisher was cut off during the Api outage: {phone.Output}");
        await fixture.Api.StartAgainAsync();

        // The lease ran out during the outage (nginx answered the heartbeats); the next real heartbeat continues the
        // same broadcast, and the reconciler, which sees the lapsed lease first, leaves it alone.
        var after = await Eventually.GetAsync(() => SessionAsync(channel.Name), TimeSpan.FromSeconds(10), "a heartbeat to renew the session");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.TraceParent, after.TraceParent);
        await Task.Delay(TimeSpan.FromSeconds(ApiServer.LeaseSeconds + 2));
        Assert.Equal(before.Id, (await SessionAsync(channel.Name))?.Id);

        Assert.True(await phone.WaitForExitAsync(pushed + TimeSpan.FromSeconds(20)), "the push did not end");
        Assert.Equal(0, phone.ExitCode);
        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(60));
        Assert.Equal(before.Id, vod.Id);
        Assert.InRange(vod.DurationSeconds, pushed.TotalSeconds - 1.5, pushed.TotalSeconds + 1.5);
        Assert.Single(await Vods.ListAsync(api, channel.Name));
        AssertNginxAnsweredWithoutLeakingTheSecret("/hooks/update");
    }

    [Fact]
    public async Task BroadcastEndedDuringAnApiOutageGetsItsWholeVodSoonAfterTheApiReturnsWhileNewPublishesWereRefused()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, "ended-away");
        var newcomer = await Channels.CreateAsync(admin, "newcomer");
        using var api = fixture.Api.CreateHttpClient();
        var pushed = TimeSpan.FromSeconds(12);
        await using var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey), pushed);
        var session = await Eventually.GetAsync(() => SessionAsync(channel.Name), TimeSpan.FromSeconds(20), "the stream to go live");
        // The session is stored before the publish hook's answer reaches nginx. Killing the Api between the two made nginx
        // answer the publish for it (503) and refuse the publisher (seen in full runs: "Input/output error" within a
        // second). nginx's own proof that it took the publish is the channel's HLS playlist.
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.Nginx.HlsPath, channel.Name, "index.m3u8"))),
            TimeSpan.FromSeconds(20), "nginx to take the publish");

        await fixture.Api.KillAsync();
        var outage = Stopwatch.StartNew();
        Assert.True(await phone.WaitForExitAsync(pushed + TimeSpan.FromSeconds(20)), "the push did not end");
        // Its heartbeats, publish_done and record_done were answered by nginx.
        Assert.True(phone.ExitCode == 0, $"the publisher exited with {phone.ExitCode} during the Api outage: {phone.Output}");

        // Fail closed: nobody can be checked, so nobody new goes live.
        await using (var refused = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(newcomer.Name, newcomer.StreamKey), TimeSpan.FromSeconds(10)))
        {
            Assert.True(await refused.WaitForExitAsync(TimeSpan.FromSeconds(8)), "a publish was accepted while the Api was down");
            Assert.NotEqual(0, refused.ExitCode);
        }

        await Task.Delay(Outage - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await fixture.Api.StartAgainAsync();
        var back = Stopwatch.StartNew();
        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(30));
        back.Stop();
        Assert.Equal(session.Id, vod.Id);
        Assert.InRange(vod.DurationSeconds, pushed.TotalSeconds - 1.5, pushed.TotalSeconds + 1.5);
        Assert.Single(await Vods.ListAsync(api, channel.Name));
        Assert.Contains($"recording {channel.Name}-", fixture.Api.Output);

        // The lost publish_done too: the broadcast is ended as it would have ended it (resumable, BroadcastEnded queued).
        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.HashExistsAsync(StoreKeys.OpenBroadcasts, channel.Name),
            TimeSpan.FromSeconds(ApiServer.LeaseSeconds + 10), "the reconciler to end the broadcast");
        Assert.Contains($"channel {channel.Name}, session {session.Id} sent no heartbeat", fixture.Api.Output);
        Assert.True(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Resumable(channel.Name)), "the ended broadcast is not resumable");
        Assert.NotNull(await fixture.RedisDatabase.SortedSetScoreAsync(StoreKeys.OutboxDue, $"BroadcastEnded:{session.Id}"));
        Assert.Null(await SessionAsync(newcomer.Name));
        AssertNginxAnsweredWithoutLeakingTheSecret("/hooks/record-done");
        Console.WriteLine($"VOD ready {back.Elapsed.TotalSeconds:F1} s after the Api answered again");
    }

    private void AssertNginxAnsweredWithoutLeakingTheSecret(string hook)
    {
        var access = fixture.Nginx.ReadLog(fixture.Nginx.AccessLogPath);
        var errors = fixture.Nginx.ReadLog(fixture.Nginx.ErrorLogPath);
        Assert.Contains($"hook {hook} answered by nginx", access);
        Assert.DoesNotContain(ApiServer.HookSecret, access);
        Assert.DoesNotContain(ApiServer.HookSecret, errors);
    }

    private async Task<SessionView?> SessionAsync(string channel)
    {
        var json = await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel));
        return json.IsNull ? null : JsonSerializer.Deserialize<SessionView>((string)json!, JsonSerializerOptions.Web);
    }

    private sealed record SessionView(string Id, string? TraceParent);
}
