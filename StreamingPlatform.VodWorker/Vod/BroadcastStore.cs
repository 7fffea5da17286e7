using System.Text.Json;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// What the worker reads and writes of a broadcast in Redis (<see cref="StoreKeys"/>): its recordings, whether it may
/// still continue (live, open, or within the reconnect grace window), the set of recordings the pipeline knows, and the
/// build lock.
/// </summary>
public sealed class BroadcastStore(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<string>> RecordingsAsync(string sessionId) =>
        (await Database.SortedSetRangeByRankAsync(StoreKeys.Recordings(sessionId))).Select(v => (string)v!).ToList();

    public async Task AddRecordingAsync(string sessionId, string fileName, DateTimeOffset startedAt)
    {
        var batch = Database.CreateBatch();
        var added = batch.SortedSetAddAsync(StoreKeys.Recordings(sessionId), fileName, startedAt.ToUnixTimeSeconds(), SortedSetWhen.NotExists);
        var known = batch.SetAddAsync(StoreKeys.KnownRecordings, fileName);
        batch.Execute();
        await Task.WhenAll(added, known);
    }

    /// <summary>An empty recording leaves its broadcast (and the pipeline's known set): it was deleted, there is nothing to build.</summary>
    public async Task RemoveRecordingAsync(string sessionId, string fileName)
    {
        var batch = Database.CreateBatch();
        var removed = batch.SortedSetRemoveAsync(StoreKeys.Recordings(sessionId), fileName);
        var known = batch.SetRemoveAsync(StoreKeys.KnownRecordings, fileName);
        batch.Execute();
        await Task.WhenAll(removed, known);
    }

    public Task<bool> IsKnownAsync(string fileName) => Database.SetContainsAsync(StoreKeys.KnownRecordings, fileName);

    public Task ForgetAsync(IEnumerable<string> fileNames) =>
        Database.SetRemoveAsync(StoreKeys.KnownRecordings, fileNames.Select(f => (RedisValue)f).ToArray());

    public Task<bool> IsLiveAsync(string channel) => Database.KeyExistsAsync(StoreKeys.Session(channel));

    /// <summary>The channels live now: members of the live index whose session still exists.</summary>
    public async Task<IReadOnlyList<string>> LiveChannelsAsync()
    {
        var names = await Database.SetMembersAsync(StoreKeys.LiveIndex);
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = await Database.StringGetAsync(names.Select(n => StoreKeys.Session(n!)).ToArray());
        return names.Where((_, i) => !sessions[i].IsNull).Select(n => (string)n!).ToList();
    }

    /// <summary>
    /// True when the broadcast can no longer continue: not live, not open (a lease that ran out while the Api was away
    /// is still open until a heartbeat renews it or the Api ends it), and past its reconnect grace window.
    /// </summary>
    public async Task<bool> IsOverAsync(string sessionId, string channel)
    {
        var values = await Database.StringGetAsync([StoreKeys.Session(channel), StoreKeys.Resumable(channel)]);
        var open = await Database.HashGetAsync(StoreKeys.OpenBroadcasts, channel);
        return !values.Append(open).Any(value => !value.IsNull && SessionId(value!) == sessionId);
    }

    public Task<bool> TryLockAsync(string sessionId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(StoreKeys.BuildLock(sessionId), owner, lease, When.NotExists);

    public async Task<bool> RenewLockAsync(string sessionId, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewLock.EvaluateAsync(Database, new { @lock = StoreKeys.BuildLock(sessionId), owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseLockAsync(string sessionId, string owner) =>
        StoreScripts.ReleaseLock.EvaluateAsync(Database, new { @lock = StoreKeys.BuildLock(sessionId), owner });

    private static string? SessionId(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
    }
}
