using System.Globalization;
using StackExchange.Redis;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// What the worker reads and writes of a broadcast in Redis: its recordings (<c>broadcast:{id}:recordings</c>, which
/// the Api fills), whether a channel is live (the Api's <c>session:{channel}</c>), the set of recordings the pipeline
/// knows, the build lock, and the worker's own mark that the broadcast is over (<c>broadcast:{id}:ended</c>, set when
/// its BroadcastEnded arrives).
/// </summary>
public sealed class BroadcastStore(IConnectionMultiplexer redis)
{
    private static readonly RedisKey KnownKey = "recordings:known";
    private static readonly RedisKey LiveIndexKey = "sessions:live";

    /// <summary>
    /// How long the "broadcast over" mark is kept: far longer than any redelivery or late record_done, short enough
    /// that the marks of years of broadcasts do not pile up.
    /// </summary>
    public static readonly TimeSpan EndedMarkLifetime = TimeSpan.FromDays(30);

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

    /// <summary>Marks the broadcast as over (its BroadcastEnded arrived); <see cref="HasEndedAsync"/> answers true from then on.</summary>
    public Task MarkEndedAsync(string sessionId, DateTimeOffset endedAt) =>
        Database.StringSetAsync(EndedKey(sessionId), endedAt.ToString("O", CultureInfo.InvariantCulture), EndedMarkLifetime);

    public Task<bool> HasEndedAsync(string sessionId) => Database.KeyExistsAsync(EndedKey(sessionId));

    public Task<bool> TryLockAsync(string sessionId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(LockKey(sessionId), owner, lease, When.NotExists);

    public async Task<bool> RenewLockAsync(string sessionId, string owner, TimeSpan lease) =>
        (int)await Database.ScriptEvaluateAsync(RenewScript, [LockKey(sessionId)], [owner, (long)lease.TotalMilliseconds]) == 1;

    public Task ReleaseLockAsync(string sessionId, string owner) =>
        Database.ScriptEvaluateAsync(ReleaseScript, [LockKey(sessionId)], [owner]);

    private static RedisKey RecordingsKey(string sessionId) => $"broadcast:{sessionId}:recordings";

    /// <summary>The worker's own key: nothing else reads or writes it.</summary>
    public static RedisKey EndedKey(string sessionId) => $"broadcast:{sessionId}:ended";

    private static RedisKey LockKey(string sessionId) => $"lock:vod:{sessionId}";
}
