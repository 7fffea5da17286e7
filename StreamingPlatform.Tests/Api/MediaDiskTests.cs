using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>
/// The Api on a real 40 MB file system (tmpfs) that the test fills with a ballast file: below the low-water mark new
/// publishes are refused, below the critical mark live publishers are dropped at their heartbeat, and /health says why.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class MediaDiskTests(LiveIngestFixture fixture)
{
    private const string PublishHook = $"hooks/publish?secret={ApiServer.HookSecret}&node=n";
    private const string UpdateHook = $"hooks/update?secret={ApiServer.HookSecret}&node=n";

    [Fact]
    public async Task PublishIsRefusedBelowTheLowMarkLivePublishersAreDroppedBelowTheCriticalMarkAndHealthSaysWhy()
    {
        using var disk = new SmallDisk(40);
        await using var redis = await RedisServer.StartAsync();
        await using var server = ApiServer.Start(redis.ConnectionString, nginxHttpPort: 1, new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = fixture.RabbitMq.ConnectionString,
            ["Media:Root"] = disk.Path,
            ["MediaDisk:LowFreeMegabytes"] = "20",
            ["MediaDisk:CriticalFreeMegabytes"] = "10",
        });
        using var api = server.CreateHttpClient();
        var live = await Channels.CreateAsync(server, "disk-live");
        var late = await Channels.CreateAsync(server, "disk-late");
        await Eventually.TrueAsync(async () => await api.GetStringAsync("health") == "Healthy", TimeSpan.FromSeconds(20), "the Api to be healthy");
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync(PublishHook, HookForms.Publish(live.Name, live.StreamKey, "1"))).StatusCode);

        // Low: a new publish is refused with a reason, a span and a log line; the live publisher goes on.
        disk.FillUntilFree(15);
        var refused = await api.PostAsync(PublishHook, HookForms.Publish(late.Name, late.StreamKey, "2"));
        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        Assert.Equal("Media disk full", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Contains(server.Logs.Lines, line => line.Contains($"Publish refused: channel {late.Name}, the media disk is low") && line.Contains("below the low-water mark of 20.0 MB"));
        var span = await Eventually.GetAsync(() => Task.FromResult(server.Spans.Snapshot().FirstOrDefault(s =>
            s.OperationName == "hook publish" && (string?)s.GetTagItem("streaming.channel") == late.Name)), TimeSpan.FromSeconds(5), "the refused publish's span");
        Assert.Equal("disk_low", span.GetTagItem("streaming.publish.outcome"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/streams/{late.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync(UpdateHook, HookForms.Publish(live.Name, live.StreamKey, "1", "update_publish"))).StatusCode);
        var health = await api.GetStringAsync("health");
        Assert.StartsWith($"Degraded\nmedia-disk: ", health);
        Assert.Contains($"MB free of 40.0 MB on {disk.Path}", health);
        Assert.Contains("below the low-water mark of 20.0 MB: new publishes are refused", health);

        // Critical: the live publisher's heartbeat is refused, so nginx drops it before the disk is full.
        disk.FillUntilFree(8);
        var dropped = await api.PostAsync(UpdateHook, HookForms.Publish(live.Name, live.StreamKey, "1", "update_publish"));
        Assert.Equal(HttpStatusCode.InsufficientStorage, dropped.StatusCode);
        Assert.Contains(server.Logs.Lines, line => line.Contains($"Heartbeat of channel {live.Name} refused, nginx drops the publisher before the media disk is full"));
        Assert.Contains("below the critical mark of 10.0 MB: live publishers are dropped", await api.GetStringAsync("health"));

        // Space freed: publishing works again and the Api is healthy.
        disk.RemoveBallast();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync(PublishHook, HookForms.Publish(late.Name, late.StreamKey, "3"))).StatusCode);
        Assert.Equal("Healthy", await api.GetStringAsync("health"));
    }
}
