using System.Text.Json;
using StackExchange.Redis;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// What the worker reads and writes of a broadcast in Redis (the layout the Api writes): its recordings
/// (<c>broadcast:{id}:recordings</c>), whether it may still continue (<c>session:{channel}</c> live, <c>sessions:open</c>, or
/// <c>resume:{channel}</c> within the grace window), the set of recordings the pipeline knows, and the build lock.
/// </summary>
public sealed class BroadcastStore(IConnectionMultiplexer redis)
{
    private static readonly RedisKey KnownKey = "recordings:known";
    private static readonly RedisKey LiveIndexKey = "sessions:live";
    private static readonly RedisKey OpenKey = "sessions:open";

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<string>> RecordingsAsync(string sessionId) =>
        (await Database.SortedSetRangeByRankAsync(RecordingsKey(sessionId))).Select(v => (string)v!).ToList();

    public async Task AddRecordingAsync(string sessionId, string fileName, DateTimeOffset startedAt)
    {
        var batch = Database.CreateBatch();
        var added = batch.SortedSetAddAsync(RecordingsKey(sessionId), fileName, startedAt.ToUnixTimeSeconds(), SortedSetWhen.NotExists);
        var known = batch.SetAddAsync(KnownKey, fileName);
        batch.Execute();
        await Task.WhenAll(added, known);
    }

    /// <summary>An empty recording leaves its broadcast (and the pipeline's known set): it was deleted, there is nothing to build.</summary>
    public async Task RemoveRecordingAsync(string sessionId, string fileName)
    {
        var batch = Database.CreateBatch();
        var removed = batch.SortedSetRemoveAsync(RecordingsKey(sessionId), fileName);
        var known = batch.SetRemoveAsync(KnownKey, fileName);
        batch.Execute();
        await Task.WhenAll(removed, known);
    }

    public Task<bool> IsKnownAsync(string fileName) => Database.SetContainsAsync(KnownKey, fileName);

    public Task ForgetAsync(IEnumerable<string> fileNames) =>
        Database.SetRemoveAsync(KnownKey, fileNames.Select(f => (RedisValue)f).ToArray());

    public Task<bool> IsLiveAsync(string channel) => Database.KeyExistsAsync($"session:{channel}");

    /// <summary>The channels live now: members of the Api's <c>sessions:live</c> index whose session still exists.</summary>
    public async Task<IReadOnlyList<string>> LiveChannelsAsync()
    {
        var names = await Database.SetMembersAsync(LiveIndexKey);
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = await Database.StringGetAsync(names.Select(n => (RedisKey)$"session:{n}").ToArray());
        return names.Where((_, i) => !sessions[i].IsNull).Select(n => (string)n!).ToList();
    }

    /// <summary>
    /// True when the broadcast can no longer continue: not live, not open (a lease that ran out while the Api was away
    /// is still open until a heartbeat renews it or the Api ends it), and past its reconnect grace window.
    /// </summary>
    public async Task<bool> IsOverAsync(string sessionId, string channel)
    {
        var values = await Database.StringGetAsync([$"session:{channel}", $"resume:{channel}"]);
        var open = await Database.HashGetAsync(OpenKey, channel);
        return !values.Append(open).Any(value => !value.IsNull && SessionId(value!) == sessionId);
    }

    public Task<bool> TryLockAsync(string sessionId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(LockKey(sessionId), owner, lease, When.NotExists);

    public async Task<bool> RenewLockAsync(string sessionId, string owner, TimeSpan lease) =>
        (int)await Database.ScriptEvaluateAsync(RenewScript, [LockKey(sessionId)], [owner, (long)lease.TotalMilliseconds]) == 1;

    public Task ReleaseLockAsync(string sessionId, string owner) =>
        Database.ScriptEvaluateAsync(ReleaseScript, [LockKey(sessionId)], [owner]);

    private static string? SessionId(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }

    private static RedisKey RecordingsKey(string sessionId) => $"broadcast:{sessionId}:recordings";

    private static RedisKey LockKey(string sessionId) => $"lock:vod:{sessionId}";
}
