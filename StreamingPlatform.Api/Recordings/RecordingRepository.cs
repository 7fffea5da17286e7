using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Outbox;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Recordings;

/// <summary>
/// Records a closed recording as part of its broadcast (<c>broadcast:{session}:recordings</c>, ordered by start),
/// marks the file as known to the pipeline (<c>recordings:known</c>, which the sweeper skips), and queues its
/// RecordingCompleted in the outbox, all in one script: a recording is never registered without its job.
/// </summary>
public sealed class RecordingRepository(IConnectionMultiplexer redis)
{
    private static readonly RedisKey KnownKey = "recordings:known";

    private const string RegisterScript = """
        redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
        redis.call('SADD', KEYS[4], ARGV[1])
        if redis.call('HSETNX', KEYS[3], ARGV[3], ARGV[4]) == 1 then
          redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
        end
        return 1
        """;

    /// <summary>For each file name, whether a hook, the reconciler or the sweeper already handed it to the pipeline.</summary>
    public Task<bool[]> AreKnownAsync(IReadOnlyList<string> fileNames) =>
        redis.GetDatabase().SetContainsAsync(KnownKey, fileNames.Select(f => (RedisValue)f).ToArray());

    public async Task RegisterAsync(RecordingCompleted message, DateTimeOffset recordingStartedAt, DateTimeOffset now, string? traceParent)
    {
        var job = OutboxMessage.For(message, traceParent);
        var fileName = Path.GetFileName(message.RecordingPath);
        await redis.GetDatabase().ScriptEvaluateAsync(RegisterScript,
            [$"broadcast:{message.SessionId}:recordings", OutboxRepository.DueKey, OutboxRepository.PayloadsKey, KnownKey],
            [fileName, recordingStartedAt.ToUnixTimeSeconds(), job.Member, job.Payload, now.ToUnixTimeMilliseconds()]);
    }
}
