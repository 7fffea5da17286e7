using System.Globalization;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// What the worker reads and writes of a broadcast in Redis (<see cref="StoreKeys"/>): its recordings (which the Api
/// fills), whether a channel is live (the Api's session), the set of recordings the pipeline knows, the build lock, and
/// the worker's own mark that the broadcast is over (<see cref="StoreKeys.Ended"/>, set when its BroadcastEnded arrives).
/// </summary>
public sealed class BroadcastStore(IConnectionMultiplexer redis)
{
    /// <summary>
    /// How long the "broadcast over" mark is kept: far longer than any redelivery or late record_done, short enough
    /// that the marks of years of broadcasts do not pile up.
    /// </summary>
    public static readonly TimeSpan EndedMarkLifetime = TimeSpan.FromDays(30);

    private IDatabase Database => redis.GetDatabase();

    public async Task<IReadOnlyList<string>> RecordingsAsync(string sessionId) =>
        (await Database.SortedSetRangeByRankAsync(StoreKeys.Recordings(sessionId))).Select(v => (string)v!).ToList();

    /// <summary>An empty recording leaves its broadcast (and the pipeline's known set): it was deleted, there is nothing to build.</summary>
    public async Task RemoveRecordingAsync(string sessionId, string fileName)
    {
        var batch = Database.CreateBatch();
        var removed = batch.SortedSetRemoveAsync(StoreKeys.Recordings(sessionId), fileName);
        var known = batch.SetRemoveAsync(StoreKeys.KnownRecordings, fileName);
        batch.Execute();
        await Task.WhenAll(removed, known);
    }

    public Task ForgetAsync(IEnumerable<string> fileNames) =>
        Database.SetRemoveAsync(StoreKeys.KnownRecordings, fileNames.Select(f => (RedisValue)f).ToArray());

    public Task<bool> IsLiveAsync(string channel) => Database.KeyExistsAsync(StoreKeys.Session(channel));

    /// <summary>The channels live now: those of the open broadcasts whose session (their lease) still exists.</summary>
    public async Task<IReadOnlyList<string>> LiveChannelsAsync()
    {
        var names = await Database.HashKeysAsync(StoreKeys.OpenBroadcasts);
        if (names.Length == 0)
        {
            return [];
        }

        var sessions = await Database.StringGetAsync(names.Select(n => StoreKeys.Session(n!)).ToArray());
        return names.Where((_, i) => !sessions[i].IsNull).Select(n => (string)n!).ToList();
    }

    /// <summary>Marks the broadcast as over (its BroadcastEnded arrived); <see cref="HasEndedAsync"/> answers true from then on.</summary>
    public Task MarkEndedAsync(string sessionId, DateTimeOffset endedAt) =>
        Database.StringSetAsync(StoreKeys.Ended(sessionId), endedAt.ToString("O", CultureInfo.InvariantCulture), EndedMarkLifetime);

    public Task<bool> HasEndedAsync(string sessionId) => Database.KeyExistsAsync(StoreKeys.Ended(sessionId));

    public Task<bool> TryLockAsync(string sessionId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(StoreKeys.BuildLock(sessionId), owner, lease, When.NotExists);

    public async Task<bool> RenewLockAsync(string sessionId, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewIfHeld.EvaluateAsync(Database, new { key = StoreKeys.BuildLock(sessionId), holder = owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseLockAsync(string sessionId, string owner) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = StoreKeys.BuildLock(sessionId), holder = owner });

}
