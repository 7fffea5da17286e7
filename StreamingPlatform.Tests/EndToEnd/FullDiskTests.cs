using System.Net;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The full disk, on a real 40 MB tmpfs the test mounts as the media root of a platform of its own (Redis,
/// RabbitMQ, the Api, nginx-rtmp, the worker), filled by a ballast file and a real FFmpeg publisher. In the shared
/// collection only so that it does not run beside the other end-to-end tests.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class FullDiskTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly Dictionary<string, string> Marks = new()
    {
        ["MediaDisk:LowFreeMegabytes"] = "14",
        ["MediaDisk:CriticalFreeMegabytes"] = "12",
    };

    [Fact]
    public async Task PublisherIsDroppedBeforeTheDiskIsFullAndItsVodWaitsForSpaceThenIsMade()
    {
        using var disk = new SmallDisk(40);
        await using var redis = await RedisServer.StartAsync();
        await using var rabbitMq = await RabbitMqServer.StartAsync();
        var nginxHttpPort = FreePort.Next();
        await using var api = ApiServer.Start(redis.ConnectionString, nginxHttpPort, new Dictionary<string, string>(Marks)
        {
            ["ConnectionStrings:messaging"] = rabbitMq.ConnectionString,
            ["Media:Root"] = disk.Path,
        });
        await using var nginx = await NginxRtmpServer.StartAsync(api.BaseAddress.ToString(), ApiServer.HookSecret, nginxHttpPort, disk.Path);
        await using var worker = await WorkerProcess.StartAsync(new Dictionary<string, string>(Marks)
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["ConnectionStrings:messaging"] = rabbitMq.ConnectionString,
            ["Media:Root"] = disk.Path,
            ["Vod:SpaceCheckSeconds"] = "1",
        });
        using var client = api.CreateHttpClient();
        using var workerHttp = new HttpClient { BaseAddress = worker.BaseAddress };
        var channel = await Channels.CreateAsync(api, "full");

        // Room for a few seconds of video above the low-water mark; the publisher fills the rest.
        disk.FillUntilFree(16);
        await using var publisher = FfmpegPublisher.Start(nginx.PublishUrl(channel.Name, channel.StreamKey), null, TestMedia.H264, TestMedia.Aac, "640x360");
        await Eventually.TrueAsync(async () => (await client.GetAsync($"api/streams/{channel.Name}")).IsSuccessStatusCode, Timeout, "the channel to go live");

        Assert.True(await publisher.WaitForExitAsync(Timeout), "nginx must drop the publisher at the critical mark");
        Assert.True(disk.FreeMegabytes is > 1 and < 12,
            $"dropped with {disk.FreeMegabytes:F1} MB free; publisher: {publisher.Output}; Api: {string.Join('\n', api.Logs.Lines.Where(l => l.Contains(channel.Name)))}");
        Assert.DoesNotContain("No space left on device", nginx.ReadLog(nginx.ErrorLogPath));
        Assert.Contains(api.Logs.Lines, line => line.Contains($"Heartbeat of channel {channel.Name} refused, nginx drops the publisher before the media disk is full"));

        // Something else fills the disk to the brim, as in the issue. The VOD job waits for space: not failed, not
        // retried into an error queue, the recording kept.
        disk.FillUntilFree(0.5);
        await Eventually.TrueAsync(() => Task.FromResult(worker.Output.Contains($"of channel {channel.Name} not built yet")), Timeout, "the build to wait for space");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Empty(await Vods.ListAsync(client, channel.Name));
        var recording = Assert.Single(Directory.GetFiles(nginx.RecordingsPath, $"{channel.Name}-*.flv"));
        Assert.Contains($"vod-space: VOD ", await workerHttp.GetStringAsync("health"));
        Assert.DoesNotContain(await rabbitMq.QueueDepthsAsync(), queue => queue.Key.EndsWith("_error", StringComparison.Ordinal) && queue.Value > 0);

        // Space comes back: the recording made so far becomes the VOD, then goes.
        disk.RemoveBallast();
        var vod = await Vods.WaitAsync(client, channel.Name, v => v.Status == "ready", Timeout);
        Assert.True(vod.DurationSeconds > 1, $"the VOD lasts {vod.DurationSeconds} s");
        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(recording)), Timeout, "the recording to be deleted once the broadcast is over");
        Assert.Equal("Healthy", await workerHttp.GetStringAsync("health"));
        Assert.DoesNotContain(await rabbitMq.QueueDepthsAsync(), queue => queue.Key.EndsWith("_error", StringComparison.Ordinal) && queue.Value > 0);
    }
}
