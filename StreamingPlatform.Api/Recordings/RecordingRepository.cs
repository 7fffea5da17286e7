using StackExchange.Redis;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Recordings;

/// <summary>
/// Records a closed recording as part of its broadcast (<see cref="StoreKeys.Recordings"/>, ordered by start), marks the
/// file as known to the pipeline (<see cref="StoreKeys.KnownRecordings"/>, which the reconciler skips), and queues its
/// RecordingCompleted in the outbox, all in one script: a recording is never registered without its job.
/// </summary>
public sealed class RecordingRepository(IConnectionMultiplexer redis)
{
    /// <summary>For each file name, whether a hook or the reconciler already handed it to the pipeline.</summary>
    public Task<bool[]> AreKnownAsync(IReadOnlyList<string> fileNames) =>
        redis.GetDatabase().SetContainsAsync(StoreKeys.KnownRecordings, fileNames.Select(f => (RedisValue)f).ToArray());

    public async Task RegisterAsync(RecordingCompleted message, DateTimeOffset recordingStartedAt, DateTimeOffset now, string? traceParent)
    {
        var job = OutboxMessage.For(message, traceParent);
        await StoreScripts.RegisterRecording.EvaluateAsync(redis.GetDatabase(), new
        {
            recordings = StoreKeys.Recordings(message.SessionId),
            knownRecordings = StoreKeys.KnownRecordings,
            fileName = message.FileName,
            recordedAt = recordingStartedAt.ToUnixTimeSeconds(),
            member = job.Member,
            payload = job.Payload,
            due = now.ToUnixTimeMilliseconds(),
        });
    }
}
