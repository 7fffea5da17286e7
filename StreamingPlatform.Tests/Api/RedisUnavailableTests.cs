using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>An Api with a Redis of its own, stopped mid-test and started again on the same port.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RedisUnavailableTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task PublishIsRefusedAndHealthDegradedWhileRedisIsDownThenRecovers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var server = ApiServer.Start(redis.ConnectionString, nginxHttpPort: 1,
            new Dictionary<string, string> { ["ConnectionStrings:messaging"] = fixture.RabbitMq.ConnectionString });
        using var api = server.CreateHttpClient();
        var channel = await Channels.CreateAsync(server, "down");
        var hook = $"hooks/publish?secret={ApiServer.HookSecret}&node=n";
        await Eventually.TrueAsync(async () => await api.GetStringAsync("health") == "Healthy", TimeSpan.FromSeconds(20), "the Api to be healthy");

        await redis.StopAsync();

        var refused = await api.PostAsync(hook, HookForms.Publish(channel.Name, channel.StreamKey, "1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Session store unavailable", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Contains(server.Logs.Lines, line => line.Contains("Redis is unavailable") && line.Contains(channel.Name));
        var health = await api.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded\nredis: Redis is unreachable", await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await api.GetStringAsync("alive"));
        var streams = await api.GetAsync("api/streams");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, streams.StatusCode);
        Assert.Equal("application/problem+json", streams.Content.Headers.ContentType?.MediaType);

        // This Redis keeps nothing on disk, so after the restart the channel is made again.
        await redis.StartAgainAsync();
        await Eventually.TrueAsync(async () => await api.GetStringAsync("health") == "Healthy",
            TimeSpan.FromSeconds(30), "the Api to reconnect to Redis");
        var recreated = await Channels.CreateAsync(server, "down");
        var accepted = await api.PostAsync(hook, HookForms.Publish(recreated.Name, recreated.StreamKey, "1"));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }
}
