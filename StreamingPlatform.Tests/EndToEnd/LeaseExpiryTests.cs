using System.Net;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

[Collection(LiveIngestCollection.Name)]
public sealed class LeaseExpiryTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task SessionExpiresByLeaseWhenNginxIsKilled()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "crash");
        await using var doomed = await NginxRtmpServer.StartAsync(fixture.Api.BaseAddress.ToString(), ApiServer.HookSecret);
        using var api = fixture.Api.CreateHttpClient();

        await using (var phone = FfmpegPublisher.Start(doomed.PublishUrl(channel.Name, channel.StreamKey)))
        {
            await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(20), "the stream to go live");

            await doomed.KillAsync();
        }

        // No publish_done can come from a dead nginx: the session is still there, and only its lease ends it.
        Assert.True(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)),
            TimeSpan.FromSeconds(ApiServer.LeaseSeconds + 3), "the session's lease to expire");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/streams/{channel.Name}")).StatusCode);

        await using var again = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey));
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(20), "the freed name to go live on another nginx");
        var live = await api.GetStringAsync("api/streams");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(live, $"\"name\":\"{channel.Name}\""));
    }
}
