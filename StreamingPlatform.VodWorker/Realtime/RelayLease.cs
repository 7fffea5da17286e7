using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>
/// One worker relays a broadcast: it holds <see cref="StoreKeys.RealtimeLease"/> (SET NX PX), renews it each round and
/// releases it when done, through the same compare-and-act scripts as the ladder's lease. A killed worker's lease lapses
/// and another takes over.
/// </summary>
public sealed class RelayLease(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public Task<bool> TryAcquireAsync(string broadcastId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(StoreKeys.RealtimeLease(broadcastId), owner, lease, When.NotExists);

    public async Task<bool> RenewAsync(string broadcastId, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewIfHeld.EvaluateAsync(Database, new { key = StoreKeys.RealtimeLease(broadcastId), holder = owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseAsync(string broadcastId, string owner) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = StoreKeys.RealtimeLease(broadcastId), holder = owner });

    public async Task<string?> OwnerAsync(string broadcastId) => await Database.StringGetAsync(StoreKeys.RealtimeLease(broadcastId));
}
