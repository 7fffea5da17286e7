using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// A platform of its own whose broker has never seen a worker: no queue exists for the VOD jobs yet. In the shared
/// collection only so that it does not run beside the other end-to-end tests and slow them down.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed class OutboxTests
{
    [Fact]
    public async Task JobWaitsInTheOutboxUntilAWorkerQueueExistsThenIsDone()
    {
        using var media = new TempFolder("outbox-media");
        Directory.CreateDirectory(media.Combine("recordings"));
        await using var redis = await RedisServer.StartAsync();
        await using var rabbitMq = await RabbitMqServer.StartAsync();
        await using var api = ApiServer.Start(redis.ConnectionString, nginxHttpPort: 1, new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = rabbitMq.ConnectionString,
            ["Media:Root"] = media.Path,
        });
        var recording = await PlantedRecording.CreateAsync(media.Combine("recordings"), "early", seconds: 2);

        await recording.AnnounceAsync(api);

        // RabbitMQ would drop the message (no queue is bound yet); it must stay in Redis instead.
        await Eventually.TrueAsync(() => Task.FromResult(api.Logs.All.Contains($"could not publish RecordingCompleted:{recording.FileName}")),
            TimeSpan.FromSeconds(20), "a publish attempt to fail");
        using var redisClient = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.NotNull(await redisClient.GetDatabase().SortedSetScoreAsync(StoreKeys.OutboxDue, $"RecordingCompleted:{recording.FileName}"));

        await using var worker = await WorkerProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["ConnectionStrings:messaging"] = rabbitMq.ConnectionString,
            ["Media:Root"] = media.Path,
        });

        using var client = api.CreateHttpClient();
        var vod = await Vods.WaitAsync(client, recording.Channel, v => v.Status == "ready", TimeSpan.FromSeconds(60));
        Assert.InRange(vod.DurationSeconds, 1.5, 2.5);
        Assert.Null(await redisClient.GetDatabase().SortedSetScoreAsync(StoreKeys.OutboxDue, $"RecordingCompleted:{recording.FileName}"));
    }
}
