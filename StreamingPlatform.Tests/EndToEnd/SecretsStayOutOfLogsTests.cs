using System.Net.Http.Json;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

[Collection(LiveIngestCollection.Name)]
public sealed class SecretsStayOutOfLogsTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task StreamKeysAndTheHookSecretNeverReachLogsOrPublicAnswers()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "secrecy");
        using var api = fixture.Api.CreateHttpClient();
        using var nginx = new HttpClient { BaseAddress = fixture.Nginx.HttpBaseAddress };

        await using (var phone = FfmpegPublisher.Start(fixture.Nginx.PublishUrl(channel.Name, channel.StreamKey)))
        {
            var playlist = await HlsPlaylist.WaitAsync(nginx, channel.Name, segments: 1, TimeSpan.FromSeconds(20));
            var publicAnswers = await api.GetStringAsync("api/streams") + await api.GetStringAsync($"api/streams/{channel.Name}")
                + await nginx.GetStringAsync($"hls/{channel.Name}/index.m3u8");
            Assert.DoesNotContain(channel.StreamKey, publicAnswers);
            Assert.DoesNotContain("key=", publicAnswers);
            await Task.Delay(TimeSpan.FromSeconds(2)); // a few heartbeats, each carrying the key
            await phone.StopAsync();
        }

        await Eventually.TrueAsync(async () => !await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)),
            TimeSpan.FromSeconds(10), "the session to end");

        var apiLogs = fixture.Api.Logs.All;
        Assert.Contains($"Publish accepted: channel {channel.Name}", apiLogs);
        Assert.Contains("/hooks/update", apiLogs);
        Assert.DoesNotContain(channel.StreamKey, apiLogs);
        Assert.DoesNotContain(ApiServer.HookSecret, apiLogs);

        var nginxLogs = fixture.Nginx.ReadLog(fixture.Nginx.AccessLogPath) + fixture.Nginx.ReadLog(fixture.Nginx.ErrorLogPath);
        Assert.Contains($"PUBLISH \"live\" \"{channel.Name}\"", nginxLogs);
        Assert.DoesNotContain(channel.StreamKey, nginxLogs);
        Assert.DoesNotContain(ApiServer.HookSecret, nginxLogs);
    }
}
