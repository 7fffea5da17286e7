using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// One worker transcodes a broadcast: it holds <see cref="StoreKeys.LadderLease"/> (SET NX PX), renews it each round and
/// releases it when done; only the owner may renew or release. A killed worker's lease lapses and another takes over.
/// </summary>
public sealed class LadderLease(IConnectionMultiplexer redis)
{
    private IDatabase Database => redis.GetDatabase();

    public Task<bool> TryAcquireAsync(string broadcastId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(StoreKeys.LadderLease(broadcastId), owner, lease, When.NotExists);

    public async Task<bool> RenewAsync(string broadcastId, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewIfHeld.EvaluateAsync(Database, new { key = StoreKeys.LadderLease(broadcastId), holder = owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseAsync(string broadcastId, string owner) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = StoreKeys.LadderLease(broadcastId), holder = owner });

    public async Task<string?> OwnerAsync(string broadcastId) => await Database.StringGetAsync(StoreKeys.LadderLease(broadcastId));
}
