using StackExchange.Redis;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>
/// One worker runs a live job: it holds the job's lease key (SET NX PX), renews it each round and releases it when done;
/// only the owner may renew or release. A killed worker's lease lapses and another takes over. <paramref name="key"/>
/// names the lease of a job id (<see cref="StoreKeys.LadderLease"/>, <see cref="StoreKeys.RealtimeLease"/>, ...).
/// </summary>
public sealed class LiveJobLease(IConnectionMultiplexer redis, Func<string, RedisKey> key)
{
    private IDatabase Database => redis.GetDatabase();

    public Task<bool> TryAcquireAsync(string jobId, string owner, TimeSpan lease) =>
        Database.StringSetAsync(key(jobId), owner, lease, When.NotExists);

    public async Task<bool> RenewAsync(string jobId, string owner, TimeSpan lease) =>
        (int)await StoreScripts.RenewIfHeld.EvaluateAsync(Database, new { key = key(jobId), holder = owner, leaseMs = (long)lease.TotalMilliseconds }) == 1;

    public Task ReleaseAsync(string jobId, string owner) =>
        StoreScripts.DeleteIfHeld.EvaluateAsync(Database, new { key = key(jobId), holder = owner });

    public async Task<string?> OwnerAsync(string jobId) => await Database.StringGetAsync(key(jobId));
}
